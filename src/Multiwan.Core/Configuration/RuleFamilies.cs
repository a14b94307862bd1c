namespace Multiwan.Configuration;

/// <summary>Classifies rules by <see cref="RuleFamily"/>.</summary>
public static class RuleFamilies
{
    public static RuleFamily Of(RuleConfig rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var prefixes = rule.Src.Concat(rule.Dst).ToList();
        var v6 = prefixes.Count(p => p.Contains(':', StringComparison.Ordinal));
        return prefixes.Count == 0 ? RuleFamily.Both : v6 == 0 ? RuleFamily.Ipv4 : v6 == prefixes.Count ? RuleFamily.Ipv6 : RuleFamily.Mixed;
    }

    /// <summary>Whether the rule takes part in the decision of <paramref name="ipv6"/> traffic.</summary>
    public static bool Applies(RuleConfig rule, bool ipv6) => Of(rule) switch
    {
        RuleFamily.Both => true,
        RuleFamily.Ipv4 => !ipv6,
        RuleFamily.Ipv6 => ipv6,
        _ => false,
    };
}
