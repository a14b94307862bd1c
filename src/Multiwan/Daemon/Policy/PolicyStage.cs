using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The loop's policy stage: the <c>select: best</c> elections (<see cref="BestLinkElection"/>, which keep their dwell
/// state between rounds), one per family — IPv4 connections follow the links' IPv4 figures and states, IPv6 ones their
/// IPv6 side's — and the decisions the planner renders (<see cref="PolicyEngine.Decide(MultiwanConfig, IReadOnlyDictionary{string, LinkState}, IReadOnlyDictionary{string, string}?)"/>,
/// <see cref="PolicyEngine.DecideIpv6"/>).
/// </summary>
internal sealed class PolicyStage(TimeProvider timeProvider)
{
    private readonly BestLinkElection _election = new();
    private readonly BestLinkElection _election6 = new();

    /// <summary>
    /// Re-runs both families' elections on the links' current states and figures (<paramref name="facts"/>: a link
    /// without a usable IPv6 address is no IPv6 candidate, as in <see cref="Decide6"/>); true when one elected another link.
    /// </summary>
    public bool Reelect(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkState> states6, IReadOnlyDictionary<string, LinkFacts> facts, IEnumerable<LinkRuntime> links)
    {
        var all = links.ToList();
        var changed = Reelect4(config, states, all);
        return Reelect6(config, LinkResolver.WithoutAddresslessLinks6(config, states6, facts), all) | changed;
    }

    /// <summary>Which links each policy sends new IPv4 connections to now (the IPv4 elections brought up to date first).</summary>
    public PolicyDecision Decide(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IEnumerable<LinkRuntime> links)
    {
        Reelect4(config, states, [.. links]);
        return PolicyEngine.Decide(config, states, _election.Elected);
    }

    /// <summary>The IPv6 decision from the dual-stack links' IPv6 states, with the IPv6 elections (the IPv6 side's figures).</summary>
    public PolicyDecision Decide6(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states6, IEnumerable<LinkRuntime> links)
    {
        Reelect6(config, states6, [.. links]);
        return PolicyEngine.DecideIpv6(config, states6, _election6.Elected);
    }

    private bool Reelect4(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, List<LinkRuntime> links) =>
        _election.Update(config, states, links.ToDictionary(l => l.Name, l => l.Tracker.Stats), timeProvider.GetUtcNow());

    /// <summary>A link without <c>ipv6:</c> has no IPv6 state or figures, so it is never an IPv6 candidate.</summary>
    private bool Reelect6(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states6, List<LinkRuntime> links) =>
        _election6.Update(config, states6, links.Where(l => l.Ipv6 is not null).ToDictionary(l => l.Name, l => l.Ipv6!.Tracker.Stats), timeProvider.GetUtcNow());
}
