using Multiwan.Configuration;
using Multiwan.Probing;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// A dual-stack link's IPv6 side in the daemon: its own tracker (health per family; carrier is the link's), its own
/// probes (bound to the link's IPv6 source, device and mark) and last event. Owned by <see cref="LinkSet"/>, on the engine loop.
/// </summary>
internal sealed class Ipv6Runtime(LinkConfig probeConfig, LinkTracker tracker, IReadOnlyList<string> targetNames)
{
    /// <summary>The link as its IPv6 probes see it: the IPv6 targets, method and source in place of the IPv4 ones.</summary>
    public LinkConfig ProbeConfig { get; } = probeConfig;

    public LinkTracker Tracker { get; } = tracker;

    public IReadOnlyList<string> TargetNames { get; } = targetNames;

    public IProbeHandle? Probes { get; set; }

    public string? ProbeError { get; set; }

    public Events.LinkEvent? LastEvent { get; set; }

    public int Transitions { get; set; }

    public static Ipv6Runtime? Create(LinkConfig link, TimeProvider timeProvider)
    {
        if (link.Ipv6 is not { } ipv6)
        {
            return null;
        }

        var method = ipv6.Method ?? link.Method;
        var probeConfig = link with { Targets = ipv6.Targets, Method = method, Source = ipv6.Source, Gateway = ipv6.Gateway };
        var names = ipv6.Targets.Select(t => ProbeTarget.From(t, method).Name).ToList();
        return new Ipv6Runtime(probeConfig, new LinkTracker(link.Name, names, link.Health, timeProvider), names);
    }

    /// <summary>A round of this side's probes: an IPv6 round (a host name may be an IPv4 target's name too) of its target names.</summary>
    public bool Accepts(RoundResult round) =>
        round.Ipv6 && round.Targets.Count == TargetNames.Count && round.Targets.Select(t => t.Target).SequenceEqual(TargetNames);
}
