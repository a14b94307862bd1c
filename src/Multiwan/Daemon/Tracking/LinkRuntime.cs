using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.Kernel;
using Multiwan.Probing;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>What the engine keeps per link: its config, tracker, running probes and last event. Owned by <see cref="LinkSet"/>, on the engine loop.</summary>
internal sealed class LinkRuntime(LinkConfig config, uint mark, string probeKey, LinkTracker tracker, IReadOnlyList<string> targetNames)
{
    public LinkConfig Config { get; set; } = config;

    public string Name => Config.Name;

    public string Device => LinkBindings.DeviceOf(Config.Interface);

    /// <summary>The link's mark, from its stable slot: its probes leave by that mark's rule.</summary>
    public uint Mark { get; } = mark;

    /// <summary>What the probes depend on; a reload keeps the probes (and the tracker) of a link whose key is unchanged.</summary>
    public string ProbeKey { get; } = probeKey;

    public LinkTracker Tracker { get; } = tracker;

    public IReadOnlyList<string> TargetNames { get; } = targetNames;

    /// <summary>The tracker of the link's own state: its IPv4 one, or for an IPv6-only link (<c>ipv4: false</c>) its IPv6 one.</summary>
    public LinkTracker MainTracker => !Config.Ipv4 && Ipv6 is { } six ? six.Tracker : Tracker;

    public IProbeHandle? Probes { get; set; }

    /// <summary>Why the probes are not running (no address yet), shown in the log once.</summary>
    public string? ProbeError { get; set; }

    public LinkEvent? LastEvent { get; set; }

    /// <summary>State changes since the daemon started (a metrics counter).</summary>
    public int Transitions { get; set; }

    /// <summary>The IPv6 side of a dual-stack link (its own tracker and probes); null for an IPv4-only link.</summary>
    public Ipv6Runtime? Ipv6 { get; private init; }

    public static LinkRuntime Create(MultiwanConfig config, LinkSlots slots, LinkConfig link, TimeProvider timeProvider)
    {
        var names = link.Targets.Select(t => ProbeTarget.From(t, link.Method).Name).ToList();
        return new LinkRuntime(link, slots.MarkOf(config.Kernel, link.Name), KeyOf(config, slots, link), new LinkTracker(link.Name, names, link.Health, timeProvider), names)
        {
            Ipv6 = Ipv6Runtime.Create(link, timeProvider),
        };
    }

    /// <summary>Interface, source, mark, method, targets and health: everything that, if changed, needs new probes.</summary>
    public static string KeyOf(MultiwanConfig config, LinkSlots slots, LinkConfig link)
    {
        var targets = string.Join(";", link.Targets.Select(t => t.ToString()));
        var key = string.Join("|", link.Interface, link.Source, slots.MarkOf(config.Kernel, link.Name), link.Method, targets, link.Health.ToString(), link.Health.Quality.ToString());
        return link.Ipv6 is not { } ipv6
            ? key
            : string.Join("|", key, ipv6.Source, ipv6.Method, string.Join(";", ipv6.Targets.Select(t => t.ToString())));
    }

    /// <summary>The rounds of a stale prober (targets changed by a reload), and the IPv6 side's rounds, are ignored.</summary>
    public bool Accepts(RoundResult round) =>
        !round.Ipv6 && round.Targets.Count == TargetNames.Count && round.Targets.Select(t => t.Target).SequenceEqual(TargetNames);

    /// <summary>An IPv6 transition's event: the same shape, <see cref="LinkEvent.Family"/> <c>ipv6</c>, the IPv6 address and first target.</summary>
    public LinkEvent Ipv6EventOf(LinkTransition t, LinkFacts? facts) => Ipv6Side(EventOf(t, facts), facts);

    /// <summary>An event as the IPv6 side's: family <c>ipv6</c>, the IPv6 address, first IPv6 target and prefix.</summary>
    private LinkEvent Ipv6Side(LinkEvent e, LinkFacts? facts) => e with
    {
        Family = LinkEvent.Ipv6,
        Address = facts?.Ipv6?.Address?.ToString() ?? Config.Ipv6?.Source,
        Target = Config.Ipv6?.Targets.FirstOrDefault()?.Address,
        Prefix = Config.Ipv6?.Prefix,
    };

    /// <summary>
    /// The long_down notice of one family: offline since <paramref name="since"/> for longer than <c>health.long_down</c>.
    /// An IPv6 one carries that side's family, address, first target and prefix, as its state changes do; an IPv4 one
    /// carries <c>ipv4</c> on a dual-stack link only (an IPv4-only link's notice is as it always was).
    /// </summary>
    public LinkEvent LongDownOf(bool ipv6, DateTimeOffset since, DateTimeOffset now, LinkFacts? facts)
    {
        var notice = new LinkEvent
        {
            Timestamp = now,
            Kind = EventKind.LongDown,
            Link = Name,
            Device = Device,
            OldState = LinkState.Offline,
            NewState = LinkState.Offline,
            Reason = $"offline for {EventText.Span(now - since)} (long_down after {EventText.Span(Config.Health.LongDown)})",
            Address = facts?.Address?.ToString(),
            Target = Config.Targets.FirstOrDefault()?.Address,
            Family = Config.Ipv6 is null ? null : LinkEvent.Ipv4,
        };
        return ipv6 ? Ipv6Side(notice, facts) : notice;
    }

    public LinkEvent EventOf(LinkTransition t, LinkFacts? facts) => new()
    {
        Family = Config.Ipv6 is null ? null : LinkEvent.Ipv4,
        Timestamp = t.At,
        Kind = t.Cause == TransitionCause.Operator ? EventKind.Override : EventKind.StateChange,
        Link = Name,
        Device = Device,
        OldState = t.From,
        NewState = t.To,
        Reason = t.Reason,
        RttMs = t.Figures.Rtt?.TotalMilliseconds,
        JitterMs = t.Figures.Jitter?.TotalMilliseconds,
        LossPercent = t.Figures.Samples > 0 ? t.Figures.LossPercent : null,
        Address = facts?.Address?.ToString() ?? Config.Source,
        Target = Config.Targets.FirstOrDefault()?.Address,
        Counters = Tracker.Targets is [var first, ..] ? ProbeCounters.Of(first) : null,
    };
}
