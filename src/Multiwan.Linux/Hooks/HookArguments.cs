using System.Globalization;
using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Hooks;

/// <summary>
/// Which hook directory an event runs, and the arguments and environment its scripts get (docs/HOOKS.md).
/// Native argv: <c>EVENT LINK DEVICE STATE PREVIOUS_STATE RTT_MS LOSS_PCT TIMESTAMP</c>, then <c>FAMILY</c> (<c>ipv4</c>
/// or <c>ipv6</c>) for a dual-stack link's event (an IPv4-only link's hooks get the same 8 arguments as always).
/// lsm argv (Net-ISP-Balance scripts): the 16 positional arguments of lsm's event scripts.
/// Text values are passed with control characters escaped (<see cref="Safe"/>): no NUL, newline or escape
/// sequence from a name or reason reaches a script's argv or environment.
/// </summary>
public static class HookArguments
{
    /// <summary>The event name, which is also the directory (<c>NAME.d</c>); null when the event runs no hooks.</summary>
    public static string? EventName(LinkEvent e)
    {
        if (e.Kind == EventKind.LongDown)
        {
            return "long_down";
        }

        if (e.Kind is not (EventKind.StateChange or EventKind.Override) || e.NewState is not { } state)
        {
            return null;
        }

        var wasAvailable = e.OldState is { } old && ReportBuilder.IsAvailable(old);
        return state switch
        {
            LinkState.Offline or LinkState.Disabled => "down",
            LinkState.Connecting => "connecting",
            LinkState.Disconnecting => wasAvailable ? "disconnecting" : null,
            LinkState.Online or LinkState.Degraded when !wasAvailable => "up",
            LinkState.Degraded => "degraded",
            _ => null, // Degraded or disconnecting back to online: quality recovered, no hook.
        };
    }

    public static IReadOnlyList<string> Native(string eventName, LinkEvent e) =>
    [
        eventName,
        Safe(e.Link),
        Safe(e.Device),
        EventText.StateName(e.NewState),
        EventText.StateName(e.OldState),
        Number(e.RttMs),
        Number(e.LossPercent),
        Timestamp(e),
        .. e.Family is { } family ? [Safe(family)] : Array.Empty<string>(),
    ];

    /// <summary>lsm's 16 arguments. Counters multiwan does not keep the way lsm did are passed as 0.</summary>
    public static IReadOnlyList<string> Lsm(string eventName, LinkEvent e, string? email) =>
    [
        eventName,                  // 1 the current state: up, down, long_down (and multiwan's other event names)
        Safe(e.Link),               // 2 the service name
        Safe(e.Target),             // 3 the ping IP
        Safe(e.Device),             // 4 the network device
        email ?? "",                // 5 the email to be notified
        "0", "0", "0", "0",         // 6-9 replies, waiting, timed out, late pings of the last set
        "0", "0", "0",              // 10-12 consecutive received, waiting, timed out
        Number(e.RttMs),            // 13 average round-trip time
        Safe(e.Address),            // 14 IP of the device
        LsmState(e.OldState),       // 15 the previous state
        e.Timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), // 16 a timestamp
    ];

    public static IReadOnlyDictionary<string, string> Environment(string eventName, LinkEvent e)
    {
        var environment = Common(eventName, e);
        if (e.Family is { } family)
        {
            environment["MULTIWAN_FAMILY"] = Safe(family);
        }

        if (e.Prefix is { } prefix)
        {
            environment["MULTIWAN_PREFIX"] = Safe(prefix);
        }

        return environment;
    }

    private static Dictionary<string, string> Common(string eventName, LinkEvent e) => new()
    {
        ["MULTIWAN_EVENT"] = eventName,
        ["MULTIWAN_LINK"] = Safe(e.Link),
        ["MULTIWAN_DEVICE"] = Safe(e.Device),
        ["MULTIWAN_STATE"] = EventText.StateName(e.NewState),
        ["MULTIWAN_PREVIOUS_STATE"] = EventText.StateName(e.OldState),
        ["MULTIWAN_RTT_MS"] = Number(e.RttMs),
        ["MULTIWAN_JITTER_MS"] = Number(e.JitterMs),
        ["MULTIWAN_LOSS_PCT"] = Number(e.LossPercent),
        ["MULTIWAN_TIMESTAMP"] = Timestamp(e),
        ["MULTIWAN_REASON"] = Safe(e.Reason),
        ["MULTIWAN_ADDRESS"] = Safe(e.Address),
    };

    private static string LsmState(LinkState? state) => state switch
    {
        null => "unknown",
        LinkState.Online or LinkState.Degraded or LinkState.Disconnecting => "up",
        LinkState.Offline or LinkState.Disabled => "down",
        LinkState.Connecting => "down",
        _ => "unknown",
    };

    private static string Number(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "";

    private static string Timestamp(LinkEvent e) => e.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>A text value for argv or the environment: never null, control characters escaped.</summary>
    private static string Safe(string? value) => Multiwan.Text.SafeText.Escape(value ?? "");
}
