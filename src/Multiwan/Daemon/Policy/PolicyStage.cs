using Multiwan.Configuration;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The loop's policy stage: the <c>select: best</c> elections (<see cref="BestLinkElection"/>, which keep their dwell
/// state between rounds) and the decision the planner renders (<see cref="PolicyEngine.Decide(MultiwanConfig, IReadOnlyDictionary{string, LinkState}, IReadOnlyDictionary{string, string}?)"/>).
/// </summary>
internal sealed class PolicyStage(TimeProvider timeProvider)
{
    private readonly BestLinkElection _election = new();

    /// <summary>Re-runs the elections on the links' current states and figures; true when one elected another link.</summary>
    public bool Reelect(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IEnumerable<LinkRuntime> links) =>
        _election.Update(config, states, links.ToDictionary(l => l.Name, l => l.Tracker.Stats), timeProvider.GetUtcNow());

    /// <summary>Which links each policy sends new connections to now (elections brought up to date first).</summary>
    public PolicyDecision Decide(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IEnumerable<LinkRuntime> links)
    {
        Reelect(config, states, links);
        return PolicyEngine.Decide(config, states, _election.Elected);
    }

    /// <summary>The IPv6 decision from the dual-stack links' IPv6 states (the elections are the IPv4 ones).</summary>
    public PolicyDecision Decide6(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states6) =>
        PolicyEngine.DecideIpv6(config, states6, _election.Elected);
}
