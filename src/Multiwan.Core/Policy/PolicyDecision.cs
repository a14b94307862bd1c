namespace Multiwan.Policy;

/// <summary>
/// The policy stage's answer for one set of link states: what every policy (<c>default</c> first, then each named
/// one, in config order) does, and what each link used directly by a rule does. The kernel planner renders it.
/// </summary>
public sealed record PolicyDecision(IReadOnlyList<PolicyDecision.Decided> Policies, IReadOnlyDictionary<string, PolicyDecision.Decided> LinkPolicies)
{
    /// <summary>A policy as resolved from the config and its outcome.</summary>
    public sealed record Decided(PolicySpec Spec, PolicyOutcome Outcome);
}
