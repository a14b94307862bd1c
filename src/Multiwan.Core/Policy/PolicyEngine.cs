using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>
/// Pure: from the config and every link's state, which links each policy sends new connections to and with what
/// weight. Carrying states are online, disconnecting and degraded (unless its action is <c>remove</c>); connecting,
/// offline and disabled carry nothing. Balanced: weighted among the carrying links of the best tier, backup links only
/// when no non-backup link of the policy carries. Failover: the first carrying link by (backup last, tier, list
/// order). No carrying link: the policy's last resort. With <c>select: best</c>, only the elected link of the
/// carrying links of the best tier (<see cref="BestLinkElection"/>; the first of them until an election ran).
/// </summary>
internal static class PolicyEngine
{
    /// <summary>Outcomes for the built-in <c>default</c> (first) and every named policy, in config order.</summary>
    public static IReadOnlyList<PolicyOutcome> Evaluate(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states) =>
        [.. PolicySpec.FromConfig(config).Select(spec => Decide(spec, states))];

    /// <summary>
    /// The whole decision the planner renders (IPv4): every policy over its links that carry IPv4 (an IPv6-only link,
    /// <c>ipv4: false</c>, is in none), and every link a rule uses directly.
    /// </summary>
    /// <param name="elected">The daemon's <see cref="BestLinkElection"/> (policy → link) for policies with <c>select: best</c>.</param>
    public static PolicyDecision Decide(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, string>? elected = null) =>
        Decide(config, states, elected, ipv6: false);

    /// <summary>
    /// The same decision for IPv6 connections: every policy over its links that have <c>ipv6:</c>, by their IPv6 states
    /// (a policy without such a link sends IPv6 nowhere; the planner skips rules that use one).
    /// </summary>
    public static PolicyDecision DecideIpv6(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states6, IReadOnlyDictionary<string, string>? elected = null) =>
        Decide(config, states6, elected, ipv6: true);

    private static PolicyDecision Decide(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, string>? elected, bool ipv6)
    {
        // IPv6: the links with ipv6:; IPv4: those that carry IPv4 (all but the IPv6-only ones, ipv4: false).
        PolicySpec Family(PolicySpec spec) => ipv6 ? spec with { Links = [.. spec.Links.Where(l => l.Ipv6 is not null)] }
            : spec.Links.All(l => l.Ipv4) ? spec : spec with { Links = [.. spec.Links.Where(l => l.Ipv4)] };
        var policies = PolicySpec.FromConfig(config)
            .Select(Family)
            .Select(spec => new PolicyDecision.Decided(spec, Decide(spec, states, elected?.GetValueOrDefault(spec.Name))))
            .ToList();
        var links = new Dictionary<string, PolicyDecision.Decided>();
        foreach (var rule in config.Rules.Where(r => policies.All(p => p.Spec.Name != r.Use)))
        {
            if (config.Links.FirstOrDefault(l => l.Name == rule.Use) is { } link && !links.ContainsKey(link.Name))
            {
                var spec = Family(PolicySpec.ForLink(config, link));
                links[link.Name] = new PolicyDecision.Decided(spec, Decide(spec, states));
            }
        }

        return new PolicyDecision(policies, links);
    }

    /// <summary>
    /// What the policy does; <paramref name="elected"/> is its elected link under <c>select: best</c> (ignored when that
    /// link is not a candidate now, e.g. it just went down: then the first candidate, until the election catches up).
    /// </summary>
    public static PolicyOutcome Decide(PolicySpec spec, IReadOnlyDictionary<string, LinkState> states, string? elected = null)
    {
        if (spec.Best is null)
        {
            return DecideByMode(spec, states);
        }

        var candidates = DecideByMode(spec with { Mode = BalanceMode.Balanced }, states) with { Mode = spec.Mode };
        if (candidates.LastResortInForce is not null)
        {
            return candidates;
        }

        var chosen = candidates.Links.FirstOrDefault(l => l.Name == elected);
        return candidates with { Links = [chosen.Name is null ? candidates.Links[0] : chosen] };
    }

    /// <summary>The links a <c>select: best</c> election chooses among: those the mode alone would use now (none under a last resort).</summary>
    public static IReadOnlyList<string> Candidates(PolicySpec spec, IReadOnlyDictionary<string, LinkState> states)
    {
        var outcome = DecideByMode(spec with { Mode = BalanceMode.Balanced }, states);
        return outcome.LastResortInForce is null ? [.. outcome.Links.Select(l => l.Name)] : [];
    }

    private static PolicyOutcome DecideByMode(PolicySpec spec, IReadOnlyDictionary<string, LinkState> states)
    {
        // Weights in hundredths, so a reduced weight (a percentage) stays exact; reduced to lowest terms at the end.
        var carrying = spec.Links
            .Select((link, order) => (link, order, weight: CarryingWeight(link, StateOf(link, states))))
            .Where(c => c.weight > 0)
            .ToList();
        if (carrying.Count == 0)
        {
            return LastResort(spec);
        }

        var preferred = carrying.Any(c => !c.link.Backup) ? carrying.Where(c => !c.link.Backup).ToList() : carrying;
        if (spec.Mode == BalanceMode.Failover)
        {
            var first = preferred.OrderBy(c => c.link.Tier).ThenBy(c => c.order).First();
            return new PolicyOutcome(spec.Name, spec.Mode, [new WeightedLink(first.link.Name, first.link.Weight)]);
        }

        var bestTier = preferred.Min(c => c.link.Tier);
        var chosen = preferred.Where(c => c.link.Tier == bestTier).Select(c => new WeightedLink(c.link.Name, c.weight)).ToList();
        return new PolicyOutcome(spec.Name, spec.Mode, Reduce(chosen));
    }

    /// <summary>
    /// True when connections already on the link stay on it (their conntrack mark is restored): every state in
    /// which the link still answers, including degraded with action <c>remove</c>, which only stops new connections.
    /// </summary>
    public static bool KeepsConnections(LinkState state) =>
        state is LinkState.Online or LinkState.Disconnecting or LinkState.Degraded;

    public static LinkState StateOf(LinkConfig link, IReadOnlyDictionary<string, LinkState> states) =>
        states.TryGetValue(link.Name, out var state) ? state : LinkState.Offline;

    private static int CarryingWeight(LinkConfig link, LinkState state) => state switch
    {
        LinkState.Online or LinkState.Disconnecting => link.Weight * 100,
        LinkState.Degraded => link.Health.Quality.Action switch
        {
            DegradedAction.Keep => link.Weight * 100,
            DegradedAction.Reduce => Math.Max(0, link.Weight * link.Health.Quality.ReducedWeightPercent),
            _ => 0,
        },
        _ => 0,
    };

    private static PolicyOutcome LastResort(PolicySpec spec)
    {
        IReadOnlyList<WeightedLink> links = spec.LastResort == Configuration.LastResort.All
            ? Reduce([.. spec.Links.Select(l => new WeightedLink(l.Name, l.Weight))])
            : [];
        return new PolicyOutcome(spec.Name, spec.Mode, links) { LastResortInForce = spec.LastResort };
    }

    private static List<WeightedLink> Reduce(List<WeightedLink> links)
    {
        var divisor = links.Aggregate(0, (g, l) => Gcd(g, l.Weight));
        return divisor <= 1 ? links : [.. links.Select(l => l with { Weight = l.Weight / divisor })];
    }

    private static int Gcd(int a, int b) => b == 0 ? a : Gcd(b, a % b);
}
