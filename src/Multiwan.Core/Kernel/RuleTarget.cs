using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>
/// A rule and where it sends new connections: a named policy (<paramref name="Named"/>) or one link, which
/// behaves as a one-link policy with the global last resort.
/// </summary>
internal sealed record RuleTarget(RuleConfig Rule, PlannedPolicy Policy, bool Named)
{
    public string Id => NftSyntax.Id(Rule.Name);

    /// <summary>Sticky only means something when the rule can choose among several links.</summary>
    public bool IsSticky => Rule.Sticky is not null && Named;
}
