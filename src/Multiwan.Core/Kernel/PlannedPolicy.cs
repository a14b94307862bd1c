using Multiwan.Policy;

namespace Multiwan.Kernel;

/// <summary>A policy as resolved from the config together with what it does in this plan.</summary>
internal sealed record PlannedPolicy(PolicySpec Spec, PolicyOutcome Outcome)
{
    public string Id => NftSyntax.Id(Spec.Name);
}
