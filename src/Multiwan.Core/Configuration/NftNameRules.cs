using Multiwan.Kernel;

namespace Multiwan.Configuration;

/// <summary>
/// Names become nft identifiers with <c>-</c> turned into <c>_</c> (<see cref="NftSyntax.Id"/>): two links, policies
/// or rules that differ only there would share chains (every connection would take one link), and a sticky rule's
/// per-link sets (<c>sticky_RULE_LINK</c>) can collide across rules. All are refused here, before the kernel.
/// </summary>
internal static class NftNameRules
{
    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        Distinct(config.Links.Select(l => l.Name).ToList(), "links", "link", d);
        Distinct(config.Policies.Select(p => p.Name).ToList(), "policies", "policy", d);
        Distinct(config.Rules.Select(r => r.Name).ToList(), "rules", "rule", d);

        var sets = new Dictionary<string, (string Rule, string Link)>(StringComparer.Ordinal);
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var rule = config.Rules[i];
            foreach (var link in StickyLinks(config, rule).Where(l => NftSyntax.IsId(rule.Name) && NftSyntax.IsId(l)))
            {
                var set = NftDecisionRenderer.StickyName(rule.Name, link);
                if (sets.TryGetValue(set, out var first) && first.Rule != rule.Name)
                {
                    d.Error($"rules[{i}].sticky", $"its set {set} (link {link}) has the same name as rule {first.Rule}'s for link {first.Link}; rename one", rule.Name);
                }
                else
                {
                    sets.TryAdd(set, (rule.Name, link));
                }
            }
        }
    }

    private static void Distinct(IReadOnlyList<string> names, string section, string what, DiagnosticBag d)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            var name = names[i];
            // A name nft cannot take at all has its own error (the name rules); only writable names can collide.
            if (NftSyntax.IsId(name) && !ids.TryAdd(NftSyntax.Id(name), name) && ids[NftSyntax.Id(name)] != name)
            {
                d.Error($"{section}[{i}].name", $"has the same nft name as {what} {ids[NftSyntax.Id(name)]} ('-' and '_' are one in nft names); rename one", name);
            }
        }
    }

    /// <summary>The links a sticky rule keeps a set for: those of the named policy it uses (none for a one-link rule).</summary>
    private static IEnumerable<string> StickyLinks(MultiwanConfig config, RuleConfig rule)
    {
        if (rule.Sticky is null)
        {
            return [];
        }

        if (rule.Use == PolicyRules.DefaultPolicy)
        {
            var own = config.Policies.FirstOrDefault(p => p.Name == PolicyRules.DefaultPolicy);
            return own is { Links.Count: > 0 } ? own.Links : config.Links.Select(l => l.Name);
        }

        var policy = config.Policies.FirstOrDefault(p => p.Name == rule.Use);
        return policy is null ? [] : policy.Links.Count > 0 ? policy.Links : config.Links.Select(l => l.Name);
    }
}
