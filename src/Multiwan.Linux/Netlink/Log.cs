using Microsoft.Extensions.Logging;

namespace Multiwan.Netlink;

/// <summary>Netlink log messages (event ids 3100-3199).</summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Warning, "rtnetlink: cannot open the socket; retrying in {DelayMs} ms")]
    public static partial void OpenFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(3101, LogLevel.Warning, "rtnetlink: socket error {Error}; reopening")]
    public static partial void SocketDied(ILogger logger, string error);

    [LoggerMessage(3102, LogLevel.Warning, "rtnetlink: receive buffer overflowed; events were lost, resynchronising")]
    public static partial void Overflow(ILogger logger);

    [LoggerMessage(3103, LogLevel.Debug, "rtnetlink: {Event}")]
    public static partial void Received(ILogger logger, NetlinkEvent @event);
}
