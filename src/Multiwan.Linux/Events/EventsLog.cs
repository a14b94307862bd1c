using Microsoft.Extensions.Logging;

namespace Multiwan.Events;

/// <summary>Log messages of the event journal, hooks and notifications (event ids 5000–5199).</summary>
internal static partial class EventsLog
{
    [LoggerMessage(5000, LogLevel.Error, "journal {Path}: cannot write: {Message}")]
    public static partial void JournalWriteFailed(ILogger logger, string path, string message);

    [LoggerMessage(5001, LogLevel.Warning, "journal {Path}:{Line}: torn last line skipped (a crash during a write)")]
    public static partial void JournalTornLine(ILogger logger, string path, int line);

    [LoggerMessage(5002, LogLevel.Warning, "journal {Path}:{Line}: unreadable line skipped")]
    public static partial void JournalBadLine(ILogger logger, string path, int line);

    [LoggerMessage(5004, LogLevel.Warning, "journal {Path}:{Line}: {Count} line(s) without link, device or reason read with those fields empty")]
    public static partial void JournalFieldsDefaulted(ILogger logger, string path, int line, int count);

    [LoggerMessage(5003, LogLevel.Information, "journal {Path}: rotated")]
    public static partial void JournalRotated(ILogger logger, string path);
}
