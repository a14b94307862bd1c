using Microsoft.Extensions.Logging;

namespace Multiwan.Kernel;

/// <summary>Log messages of the kernel applier (event ids 400–449).</summary>
internal static partial class KernelLog
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "[#] {Command}")]
    public static partial void Change(ILogger logger, string command);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "kernel apply failed: {Error}")]
    public static partial void ApplyFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 402, Level = LogLevel.Warning, Message = "skipped until the fact is known: {Command}")]
    public static partial void Skipped(ILogger logger, string command);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "kernel already matches the plan ({Routes} routes, {Rules} rules)")]
    public static partial void NoChange(ILogger logger, int routes, int rules);

    [LoggerMessage(EventId = 404, Level = LogLevel.Information, Message = "conntrack: deleted {Count} entries with mark {Mark}/{Mask} ({Reason})")]
    public static partial void ConntrackFlushed(ILogger logger, int count, string mark, string mask, string reason);

    [LoggerMessage(EventId = 405, Level = LogLevel.Warning, Message = "conntrack flush failed: {Error}")]
    public static partial void ConntrackFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 406, Level = LogLevel.Error, Message = "kernel resources already in use: {Error}")]
    public static partial void Collision(ILogger logger, string error);

    [LoggerMessage(EventId = 407, Level = LogLevel.Warning, Message = "cannot read kernel state: {Error}")]
    public static partial void ReadFailed(ILogger logger, string error);
}
