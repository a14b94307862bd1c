using System.Globalization;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>One link's part in a policy's outcome for one family, in words (<see cref="ConnectionExplainer"/>), by the rules of <see cref="PolicyEngine"/>.</summary>
internal static class LinkReasons
{
    /// <param name="elected">A running daemon's elections (policy → link) in this family; null when there is none (no measurements).</param>
    public static Explanation.LinkReason Of(
        PolicySpec spec, PolicyOutcome outcome, LinkConfig link, bool ipv6, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, string>? elected = null)
    {
        if (ipv6 ? link.Ipv6 is null : !link.Ipv4)
        {
            return new(link.Name, ipv6 ? "no_ipv6" : "ipv6_only", 0, ipv6 ? "no ipv6: side: takes no IPv6 connection" : "IPv6 only (ipv4: false): takes no IPv4 connection");
        }

        var state = PolicyEngine.StateOf(link, states);
        var share = outcome.ShareOf(link.Name);
        var name = state.ToString().ToLowerInvariant();
        return new(link.Name, name, share, share > 0 ? WhyCarrying(spec, outcome, link, state, elected) : WhyNot(spec, outcome, link, state, states));
    }

    private static string WhyCarrying(PolicySpec spec, PolicyOutcome outcome, LinkConfig link, LinkState state, IReadOnlyDictionary<string, string>? elected)
    {
        var weight = outcome.Links.First(l => l.Name == link.Name).Weight.ToString(CultureInfo.InvariantCulture);
        return outcome.LastResortInForce is not null ? $"last resort all: no link of {spec.Name} carries, so every link takes new connections by weight ({weight})"
            : spec.Best is not null ? Elected(spec, link, elected)
            : spec.Name == link.Name ? "the link the rule uses"
            : spec.Mode == BalanceMode.Failover ? "failover: the first carrying link"
            : outcome.Links.Count == 1 ? "the only carrying link of the best tier"
            : state == LinkState.Degraded && link.Health.Quality.Action == DegradedAction.Reduce ? $"degraded: weight reduced to {link.Health.Quality.ReducedWeightPercent} % (effective weight {weight})"
            : $"weight {weight} of {outcome.TotalWeight.ToString(CultureInfo.InvariantCulture)}";
    }

    private static string Elected(PolicySpec spec, LinkConfig link, IReadOnlyDictionary<string, string>? elected) =>
        elected is null ? "elected by select: best (no measurements here: the first candidate)"
            : elected.GetValueOrDefault(spec.Name) == link.Name ? "elected by select: best (the running daemon's election)"
            : "select: best: the first candidate (the daemon has elected no candidate of these states)";

    private static string WhyNot(PolicySpec spec, PolicyOutcome outcome, LinkConfig link, LinkState state, IReadOnlyDictionary<string, LinkState> states)
    {
        if (!Carries(link, state))
        {
            return state == LinkState.Degraded ? "degraded with quality.action remove: takes no new connections" : $"{state.ToString().ToLowerInvariant()}: takes no new connections";
        }

        var chosen = string.Join(", ", outcome.Links.Select(l => l.Name));
        var carrying = spec.Links.Where(l => Carries(l, PolicyEngine.StateOf(l, states))).ToList();
        var bestTier = carrying.Where(l => !l.Backup).Select(l => l.Tier).DefaultIfEmpty(link.Tier).Min();
        return link.Backup && carrying.Any(l => !l.Backup) ? "backup: used only when no other link of the policy carries"
            : link.Tier > bestTier ? $"tier {link.Tier}: tier {bestTier} carries"
            : spec.Best is not null ? $"select: best elected {chosen}"
            : $"failover: {chosen} comes first";
    }

    /// <summary>Carrying states, as <see cref="PolicyEngine"/> has them: online, disconnecting, degraded unless its action is remove.</summary>
    private static bool Carries(LinkConfig link, LinkState state) =>
        state is LinkState.Online or LinkState.Disconnecting || (state == LinkState.Degraded && link.Health.Quality.Action != DegradedAction.Remove);
}
