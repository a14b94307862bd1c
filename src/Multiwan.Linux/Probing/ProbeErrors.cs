using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>Maps socket errors to probe outcomes, shared by every method.</summary>
internal static class ProbeErrors
{
    public static ProbeOutcome FromSocket(SocketException e, TimeSpan elapsed) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => ProbeOutcome.Refused(elapsed, "refused"),
        SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown
            => ProbeOutcome.Unreachable(e.Message),
        SocketError.TimedOut => ProbeOutcome.Timeout(elapsed),
        _ => ProbeOutcome.Error($"{e.SocketErrorCode}: {e.Message}"),
    };
}
