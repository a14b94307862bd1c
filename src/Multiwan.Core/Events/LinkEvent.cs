using Multiwan.Tracking;

namespace Multiwan.Events;

/// <summary>
/// One thing that happened, as written to the journal, passed to hooks and sent by mail and webhook.
/// Daemon-wide events (<see cref="EventKind.Reload"/>, <see cref="EventKind.DaemonStart"/>, ...) have an empty <see cref="Link"/>.
/// </summary>
public sealed record LinkEvent
{
    public required DateTimeOffset Timestamp { get; init; }

    public required EventKind Kind { get; init; }

    public string Link { get; init; } = "";

    public string Device { get; init; } = "";

    public LinkState? OldState { get; init; }

    public LinkState? NewState { get; init; }

    /// <summary>Why, in words: "3 rounds failed", "carrier lost", "operator: link down", config errors.</summary>
    public string Reason { get; init; } = "";

    /// <summary>Mean round-trip time over the window, milliseconds.</summary>
    public double? RttMs { get; init; }

    public double? JitterMs { get; init; }

    /// <summary>Loss over the window, 0–100.</summary>
    public double? LossPercent { get; init; }

    /// <summary>The link's source address when known.</summary>
    public string? Address { get; init; }

    /// <summary>The link's first probe target (lsm's "ping IP").</summary>
    public string? Target { get; init; }

    /// <summary>
    /// Which family's health changed on a dual-stack link: <c>ipv4</c> or <c>ipv6</c> (carrier is shared: each family
    /// reports its own transition). Null for an IPv4-only link, whose events are as they always were.
    /// </summary>
    public string? Family { get; init; }

    /// <summary>An IPv6 event of a link with <c>ipv6.prefix</c>: that prefix (in <c>route</c> mode, the LAN prefix to deprecate while the link is down).</summary>
    public string? Prefix { get; init; }

    public const string Ipv4 = "ipv4";

    public const string Ipv6 = "ipv6";
}
