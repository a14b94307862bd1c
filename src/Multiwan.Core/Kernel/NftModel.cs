using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>Everything the nft renderers read: the config, the resolved links, policies and rules, the connected prefixes.</summary>
internal sealed record NftModel(
    MultiwanConfig Config,
    IReadOnlyList<ResolvedLink> Links,
    IReadOnlyList<PlannedPolicy> Policies,
    IReadOnlyList<RuleTarget> Rules,
    IReadOnlyList<ConnectedRoute> Connected)
{
    public uint Mask => Config.Kernel.MarkMask;

    public ResolvedLink Link(string name) => Links.First(l => l.Name == name);
}
