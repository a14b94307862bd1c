using Multiwan.Control;
using Multiwan.Netlink;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>Everything that reaches the engine loop. The loop is the only writer of the daemon's state.</summary>
internal abstract record EngineMessage
{
    /// <summary>A probe round of one link.</summary>
    public sealed record Round(RoundResult Result) : EngineMessage;

    /// <summary>An rtnetlink event (carrier, address, route).</summary>
    public sealed record Netlink(NetlinkEvent Event) : EngineMessage;

    /// <summary>A control request answered from the loop's state (<c>status</c>, <c>link</c>); the loop completes <see cref="Reply"/>.</summary>
    public sealed record Control(ControlCommand Command, TaskCompletionSource<ControlResponse> Reply) : EngineMessage;

    /// <summary>The Prometheus text, rendered on the loop.</summary>
    public sealed record Metrics(TaskCompletionSource<string> Reply) : EngineMessage;

    /// <summary>SIGHUP or <c>multiwan reload</c>.</summary>
    public sealed record Reload(TaskCompletionSource<ControlResponse>? Reply) : EngineMessage;

    /// <summary>
    /// A link's long-down timer fired for one family (<see cref="Ipv6"/>: its IPv6 side, tracked apart);
    /// <see cref="OfflineSince"/> tells whether it is still the same outage.
    /// </summary>
    public sealed record LongDownDue(string Link, DateTimeOffset OfflineSince, bool Ipv6 = false) : EngineMessage;

    /// <summary>Retry a failed kernel apply, or re-read facts and apply.</summary>
    public sealed record ApplyDue : EngineMessage;

    /// <summary>The start-up grace is over: apply even if some link is still connecting.</summary>
    public sealed record StartupGraceOver : EngineMessage;

    /// <summary>Time to tell systemd the loop is alive.</summary>
    public sealed record WatchdogDue : EngineMessage;

    /// <summary>SIGTERM/SIGINT (no cleanup) or <c>multiwan stop</c>.</summary>
    public sealed record Stop(bool Cleanup, TaskCompletionSource<ControlResponse>? Reply) : EngineMessage;
}
