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

    public IProbeHandle? Probes { get; set; }

    /// <summary>Why the probes are not running (no address yet), shown in the log once.</summary>
    public string? ProbeError { get; set; }

    public LinkEvent? LastEvent { get; set; }

    /// <summary>State changes since the daemon started (a metrics counter).</summary>
    public int Transitions { get; set; }

    public static LinkRuntime Create(MultiwanConfig config, LinkSlots slots, LinkConfig link, TimeProvider timeProvider)
    {
        var names = link.Targets.Select(t => ProbeTarget.From(t, link.Method).Name).ToList();
        return new LinkRuntime(link, slots.MarkOf(config.Kernel, link.Name), KeyOf(config, slots, link), new LinkTracker(link.Name, names, link.Health, timeProvider), names);
    }

    /// <summary>Interface, source, mark, method, targets and health: everything that, if changed, needs new probes.</summary>
    public static string KeyOf(MultiwanConfig config, LinkSlots slots, LinkConfig link)
    {
        var targets = string.Join(";", link.Targets.Select(t => t.ToString()));
        return string.Join("|", link.Interface, link.Source, slots.MarkOf(config.Kernel, link.Name), link.Method, targets, link.Health.ToString(), link.Health.Quality.ToString());
    }

    /// <summary>The rounds of a stale prober (targets changed by a reload) are ignored.</summary>
    public bool Accepts(RoundResult round) =>
        round.Targets.Count == TargetNames.Count && round.Targets.Select(t => t.Target).SequenceEqual(TargetNames);

    public LinkEvent EventOf(LinkTransition t, LinkFacts? facts) => new()
    {
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
