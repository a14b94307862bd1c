using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Multiwan.Events;

/// <summary>
/// The append-only event history: one JSON object per line in <c>events.jsonl</c> under the state directory,
/// flushed to disk on every write and rotated to <c>events.jsonl.1</c> (one old file kept) past a size.
/// Reading never fails on a bad line: a torn last line (a crash mid-write) is skipped, as is any other garbage (a
/// line that is not one event object, or longer than <see cref="MaxLineLength"/>); a line missing <c>link</c>,
/// <c>device</c> or <c>reason</c> (or with them null) is read with those fields empty, with one warning per file.
/// </summary>
public sealed class EventJournal : IDisposable
{
    public const string FileName = "events.jsonl";

    /// <summary>Longer lines are skipped: the daemon never writes one (a reason is one line of text).</summary>
    public const int MaxLineLength = 64 * 1024;

    private readonly string _path;
    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private FileStream? _stream;

    public EventJournal(string directory, long maxBytes, ILogger logger)
    {
        Directory = directory;
        _path = Path.Combine(directory, FileName);
        _maxBytes = Math.Max(maxBytes, 4096);
        _logger = logger;
    }

    public string Directory { get; }

    public string CurrentPath => _path;

    public string RotatedPath => _path + ".1";

    /// <summary>Appends one event and flushes it to disk. An I/O error is logged and returned as false, never thrown.</summary>
    public bool Append(LinkEvent linkEvent)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(linkEvent, EventJsonContext.Default.LinkEvent) + "\n");
        lock (_lock)
        {
            try
            {
                var stream = Open();
                if (stream.Length > 0 && stream.Length + line.Length > _maxBytes)
                {
                    Rotate();
                    stream = Open();
                }

                stream.Write(line);
                stream.Flush(flushToDisk: true);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                EventsLog.JournalWriteFailed(_logger, _path, e.Message);
                _stream?.Dispose();
                _stream = null;
                return false;
            }
        }
    }

    /// <summary>Every readable event of the rotated and current file, oldest first, optionally only from <paramref name="since"/> on.</summary>
    public IReadOnlyList<LinkEvent> Read(DateTimeOffset? since = null) => ReadDirectory(Directory, _logger, since);

    /// <summary>Reads a journal directory without opening it for writing (the CLI does this when the daemon is not running).</summary>
    public static IReadOnlyList<LinkEvent> ReadDirectory(string directory, ILogger logger, DateTimeOffset? since = null)
    {
        var path = Path.Combine(directory, FileName);
        var events = new List<LinkEvent>();
        foreach (var file in new[] { path + ".1", path })
        {
            ReadFile(file, events, logger);
        }

        return since is { } from ? [.. events.Where(e => e.Timestamp >= from)] : events;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private static void ReadFile(string file, List<LinkEvent> into, ILogger logger)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return;
        }

        var defaulted = 0;
        var firstDefaulted = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var parsed = lines[i].Length <= MaxLineLength ? TryParse(lines[i]) : null;
            if (parsed is not null)
            {
                if (parsed.Link is null || parsed.Device is null || parsed.Reason is null)
                {
                    // A foreign or hand-edited line: missing text fields read as empty, never as null.
                    parsed = parsed with { Link = parsed.Link ?? "", Device = parsed.Device ?? "", Reason = parsed.Reason ?? "" };
                    firstDefaulted = defaulted++ == 0 ? i + 1 : firstDefaulted;
                }

                into.Add(parsed);
            }
            else if (i == lines.Length - 1)
            {
                EventsLog.JournalTornLine(logger, file, i + 1);
            }
            else
            {
                EventsLog.JournalBadLine(logger, file, i + 1);
            }
        }

        if (defaulted > 0)
        {
            EventsLog.JournalFieldsDefaulted(logger, file, firstDefaulted, defaulted);
        }
    }

    private static LinkEvent? TryParse(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, EventJsonContext.Default.LinkEvent);
        }
        catch (JsonException)
        {
            return null; // Reported by the caller with file and line.
        }
    }

    private FileStream Open()
    {
        if (_stream is not null)
        {
            return _stream;
        }

        global::System.IO.Directory.CreateDirectory(Directory);
        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (stream.Length > 0)
        {
            // A crash may have left a torn last line: start the next event on a line of its own.
            stream.Seek(-1, SeekOrigin.End);
            var last = stream.ReadByte();
            stream.Seek(0, SeekOrigin.End);
            if (last != '\n')
            {
                stream.WriteByte((byte)'\n');
            }
        }

        _stream = stream;
        return stream;
    }

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        File.Move(_path, RotatedPath, overwrite: true);
        EventsLog.JournalRotated(_logger, _path);
    }
}
