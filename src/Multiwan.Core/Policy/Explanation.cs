namespace Multiwan.Policy;

/// <summary>
/// Why a new connection of one family would take the links it takes (<c>multiwan explain</c>): the rules passed over
/// and why, the rule that matched (null: none, so the <c>default</c> policy), the policy and its outcome, and each of
/// the policy's links with its share and the reason for it. <see cref="NotDecided"/> is set when multiwan does not
/// decide this family at all (no link carries it); the rest is then empty.
/// </summary>
public sealed record Explanation(bool Ipv6, IReadOnlyList<Explanation.SkippedRule> Skipped, string? Rule, string Policy, PolicyOutcome? Outcome, IReadOnlyList<Explanation.LinkReason> Links)
{
    public string? NotDecided { get; init; }

    /// <summary>A sticky rule's promise, in words; null for a rule that is not sticky (or none).</summary>
    public string? Sticky { get; init; }

    /// <summary>A rule passed over: <see cref="Why"/> names the part that does not match, or why it decides no connection of this family.</summary>
    public sealed record SkippedRule(string Name, string Why);

    /// <summary>A link of the policy: its state in this family (<c>ipv6_only</c>, <c>no_ipv6</c> when it has no such side), share 0–1, and why.</summary>
    public sealed record LinkReason(string Link, string State, double Share, string Why);
}
