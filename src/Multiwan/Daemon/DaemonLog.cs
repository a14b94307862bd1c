using Microsoft.Extensions.Logging;

namespace Multiwan.Daemon;

/// <summary>Log messages of the engine and <c>multiwan run</c> (event ids 6000–6099).</summary>
internal static partial class DaemonLog
{
    [LoggerMessage(6000, LogLevel.Information, "multiwan started: {Links} link(s), config {Path}")]
    public static partial void Started(ILogger logger, int links, string path);

    [LoggerMessage(6001, LogLevel.Information, "{Line}")]
    public static partial void Event(ILogger logger, string line);

    [LoggerMessage(6002, LogLevel.Error, "kernel apply failed (the previous kernel state stays; retrying in {Retry}): {Error}")]
    public static partial void ApplyFailed(ILogger logger, TimeSpan retry, string error);

    [LoggerMessage(6003, LogLevel.Debug, "kernel apply: {Changes} change(s), states {States}")]
    public static partial void Applied(ILogger logger, int changes, string states);

    [LoggerMessage(6004, LogLevel.Warning, "cannot read interface facts (keeping the last ones): {Error}")]
    public static partial void FactsFailed(ILogger logger, string error);

    [LoggerMessage(6005, LogLevel.Warning, "link {Link}: probes not running: {Error}")]
    public static partial void ProbesNotRunning(ILogger logger, string link, string error);

    [LoggerMessage(6006, LogLevel.Error, "reload refused, the running config stays: {Error}")]
    public static partial void ReloadRefused(ILogger logger, string error);

    [LoggerMessage(6007, LogLevel.Information, "reloaded {Path}: {Summary}")]
    public static partial void Reloaded(ILogger logger, string path, string summary);

    [LoggerMessage(6008, LogLevel.Information, "stopping{How}")]
    public static partial void Stopping(ILogger logger, string how);

    [LoggerMessage(6009, LogLevel.Error, "cleanup failed: {Error}")]
    public static partial void CleanupFailed(ILogger logger, string error);

    [LoggerMessage(6010, LogLevel.Error, "engine: {Message} failed")]
    public static partial void MessageFailed(ILogger logger, Exception exception, string message);

    [LoggerMessage(6012, LogLevel.Error, "metrics: cannot listen on {Address}: {Message} (the daemon runs without metrics)")]
    public static partial void MetricsFailed(ILogger logger, string address, string message);

    [LoggerMessage(6011, LogLevel.Information, "link {Link}: probing from {Source}")]
    public static partial void ProbesStarted(ILogger logger, string link, string? source);
}
