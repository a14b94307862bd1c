using Microsoft.Extensions.Logging;

namespace Multiwan.Hooks;

/// <summary>Log messages of the hook runner (event ids 5200–5299).</summary>
internal static partial class HooksLog
{
    [LoggerMessage(5200, LogLevel.Error, "hook refused: {Message}")]
    public static partial void Refused(ILogger logger, string message);

    [LoggerMessage(5201, LogLevel.Information, "hook {Path} ({Event} {Link}): started")]
    public static partial void Started(ILogger logger, string path, string @event, string link);

    [LoggerMessage(5202, LogLevel.Information, "hook {Path}: {Line}")]
    public static partial void Output(ILogger logger, string path, string line);

    [LoggerMessage(5203, LogLevel.Information, "hook {Path}: exit {ExitCode}")]
    public static partial void Exited(ILogger logger, string path, int exitCode);

    [LoggerMessage(5204, LogLevel.Warning, "hook {Path}: still running after {Timeout}, killed with its process tree")]
    public static partial void TimedOut(ILogger logger, string path, TimeSpan timeout);

    [LoggerMessage(5205, LogLevel.Error, "hook {Path}: cannot start: {Message}")]
    public static partial void StartFailed(ILogger logger, string path, string message);

    [LoggerMessage(5207, LogLevel.Debug, "hook {Path}: skipped (not an executable regular file)")]
    public static partial void Skipped(ILogger logger, string path);
}
