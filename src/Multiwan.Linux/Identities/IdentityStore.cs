using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Identities;

/// <summary>
/// Where the links' slots (<see cref="LinkSlots"/>: mark, table, rule priorities) are remembered, so a link keeps
/// its identity across reloads and restarts whatever its position. <see cref="Persistent"/> (the daemon, <c>apply</c>)
/// reads and writes <c>STATE_DIR/identities.json</c> (written to a temporary file, then renamed: never torn);
/// <see cref="ReadOnly"/> (<c>plan</c>, <c>probe</c>) uses the file when present and never writes, so without one
/// links are allocated by position; <see cref="InMemory"/> keeps them for the life of the process (tests).
/// </summary>
internal sealed class IdentityStore
{
    public const string FileName = "identities.json";

    private readonly bool _write;
    private IReadOnlyDictionary<string, int> _memory = new Dictionary<string, int>();

    private IdentityStore(string? path, bool write)
    {
        FilePath = path;
        _write = write;
    }

    /// <summary>The identities file; null for <see cref="InMemory"/>.</summary>
    public string? FilePath { get; }

    public static IdentityStore Persistent(string stateDirectory) => new(Path.Combine(stateDirectory, FileName), write: true);

    public static IdentityStore ReadOnly(string stateDirectory) => new(Path.Combine(stateDirectory, FileName), write: false);

    public static IdentityStore InMemory() => new(null, write: true);

    /// <summary>Every link of <paramref name="config"/> with its slot (new links allocated, and remembered when writable); or one error line.</summary>
    public (LinkSlots? Slots, string? Error) Assign(MultiwanConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var (known, readError) = Read();
        if (readError is not null)
        {
            return (null, readError);
        }

        var allocation = SlotAllocator.Allocate([.. config.Links.Select(l => l.Name)], known, LinkSlots.Capacity(config.Kernel));
        if (allocation.Error is { } error)
        {
            return (null, FilePath is null ? error : $"{FilePath}: {error}; fix the file or remove it (links then get slots by position)");
        }

        if (allocation.Changed && _write)
        {
            if (Write(allocation.Known) is { } writeError)
            {
                return (null, writeError);
            }
        }

        return (allocation.Slots, null);
    }

    private (IReadOnlyDictionary<string, int> Known, string? Error) Read()
    {
        if (FilePath is null)
        {
            return (_memory, null);
        }

        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), IdentityJsonContext.Default.IdentityFileJson);
            if (file is null || file.Version != IdentityFileJson.CurrentVersion || file.Links is null || file.Links.Any(l => l is null || string.IsNullOrEmpty(l.Name)))
            {
                return (new Dictionary<string, int>(), $"{FilePath}: not a version {IdentityFileJson.CurrentVersion} identities file; fix it or remove it (links then get slots by position)");
            }

            if (file.Links.GroupBy(l => l.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                return (new Dictionary<string, int>(), $"{FilePath}: link {twice.Key} is listed twice; fix the file or remove it");
            }

            return (file.Links.ToDictionary(l => l.Name, l => l.Slot, StringComparer.Ordinal), null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (new Dictionary<string, int>(), null); // First start: slots by position.
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return (new Dictionary<string, int>(), $"{FilePath}: cannot read ({e.Message.Split(". ", 2)[0]}); fix it or remove it (links then get slots by position)");
        }
    }

    private string? Write(IReadOnlyDictionary<string, int> known)
    {
        if (FilePath is null)
        {
            _memory = known;
            return null;
        }

        var json = new IdentityFileJson(IdentityFileJson.CurrentVersion, [.. known.OrderBy(k => k.Value).Select(k => new IdentityLinkJson(k.Key, k.Value))]);
        var temporary = FilePath + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, json, IdentityJsonContext.Default.IdentityFileJson);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, FilePath, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot write {FilePath}: {e.Message}";
        }
    }
}
