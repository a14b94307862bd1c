using Microsoft.Extensions.Logging;

namespace Multiwan.Control;

/// <summary>Log messages of the control socket (event ids 5400–5499).</summary>
internal static partial class ControlLog
{
    [LoggerMessage(5400, LogLevel.Information, "control socket listening on {Path}")]
    public static partial void Listening(ILogger logger, string path);

    [LoggerMessage(5401, LogLevel.Warning, "control socket: refused a caller with uid {Uid} (pid {Pid}): root only")]
    public static partial void Refused(ILogger logger, string uid, int pid);

    [LoggerMessage(5402, LogLevel.Debug, "control socket: {Command} from pid {Pid}")]
    public static partial void Request(ILogger logger, string command, int pid);

    [LoggerMessage(5403, LogLevel.Debug, "control socket: connection ended: {Message}")]
    public static partial void ConnectionEnded(ILogger logger, string message);

    [LoggerMessage(5405, LogLevel.Information, "metrics listening on http://{Endpoint}/metrics")]
    public static partial void MetricsListening(ILogger logger, string endpoint);

    [LoggerMessage(5404, LogLevel.Warning, "control socket {Path}: cannot remove: {Message}")]
    public static partial void CannotRemove(ILogger logger, string path, string message);
}
