using Microsoft.Extensions.Logging;

namespace Multiwan.Events;

/// <summary>Log messages of <see cref="QueueWorker{T}"/> (event ids 5100–5109).</summary>
internal static partial class QueueLog
{
    [LoggerMessage(5100, LogLevel.Warning, "{Queue} queue full ({Capacity} waiting): dropped the oldest ({Item}); {Dropped} dropped since start")]
    public static partial void Dropped(ILogger logger, string queue, int capacity, string item, long dropped);

    [LoggerMessage(5101, LogLevel.Error, "{Queue}: {Count} queued item(s) failed: {Message}")]
    public static partial void Failed(ILogger logger, string queue, int count, string message);
}
