using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>
/// Pure: which links a new connection of one family would take, and why (<c>multiwan explain</c>). It walks the rules
/// as the family's <c>decide</c> chain does (rules of the other family, and rules whose links carry none of this one,
/// take no part), then reads the family's <see cref="PolicyDecision"/> and gives each link of the chosen policy its
/// reason from its state in this family. Without a daemon there are no measurements: a <c>select: best</c> policy shows its first candidate; with one, its election.
/// </summary>
internal static class ConnectionExplainer
{
    /// <param name="elected">A running daemon's <c>select: best</c> elections in this family (policy → link), already in <paramref name="decision"/>; null without a daemon.</param>
    public static Explanation Explain(
        MultiwanConfig config, PolicyDecision decision, IReadOnlyDictionary<string, LinkState> states, bool ipv6, ConnectionQuery query, IReadOnlyDictionary<string, string>? elected = null)
    {
        var family = ipv6 ? "IPv6" : "IPv4";
        if (!config.Links.Any(l => ipv6 ? l.Ipv6 is not null : l.Ipv4))
        {
            var why = ipv6 ? "no link has ipv6:" : "every link is IPv6 only (ipv4: false)";
            return new Explanation(ipv6, [], null, PolicySpec.DefaultName, null, []) { NotDecided = $"{why}: multiwan does not decide {family} connections (the main table routes them)" };
        }

        var skipped = new List<Explanation.SkippedRule>();
        foreach (var rule in config.Rules)
        {
            var target = decision.Policies.FirstOrDefault(p => p.Spec.Name == rule.Use) ?? decision.LinkPolicies.GetValueOrDefault(rule.Use);
            var why = !RuleFamilies.Applies(rule, ipv6) ? $"matches {(ipv6 ? "IPv4" : "IPv6")} prefixes only"
                : target is null || target.Spec.Links.Count == 0 ? $"its links carry no {family}"
                : RuleMatch.Mismatch(rule, query);
            if (why is not null)
            {
                skipped.Add(new Explanation.SkippedRule(rule.Name, why));
                continue;
            }

            var sticky = rule.Sticky is { } span
                ? $"sticky {Duration.Format(span)}: a source whose connection took one of these links in the last {Duration.Format(span)} takes it again while the policy allows it"
                : null;
            return Of(config, ipv6, skipped, rule.Name, target!, states, elected) with { Sticky = sticky };
        }

        return Of(config, ipv6, skipped, null, decision.Policies[0], states, elected);
    }

    private static Explanation Of(
        MultiwanConfig config, bool ipv6, List<Explanation.SkippedRule> skipped, string? rule, PolicyDecision.Decided policy, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, string>? elected)
    {
        // Every link the policy names, also those without a side in this family (they are listed with that reason).
        var named = PolicySpec.FromConfig(config).FirstOrDefault(s => s.Name == policy.Spec.Name)?.Links ?? policy.Spec.Links;
        var links = named.Select(link => LinkReasons.Of(policy.Spec, policy.Outcome, link, ipv6, states, elected)).ToList();
        return new Explanation(ipv6, skipped, rule, policy.Spec.Name, policy.Outcome, links);
    }
}
