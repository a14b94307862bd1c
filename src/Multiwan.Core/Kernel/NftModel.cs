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

    /// <summary>IPv6 policies, in the order of <see cref="Policies"/>; empty for an IPv4-only config.</summary>
    public IReadOnlyList<PlannedPolicy> Policies6 { get; init; } = [];

    /// <summary>Rules that take part in the IPv6 decision (IPv6 or family-free matches, a target with IPv6 links).</summary>
    public IReadOnlyList<RuleTarget> Rules6 { get; init; } = [];

    public IReadOnlyList<ConnectedRoute> Connected6 { get; init; } = [];

    /// <summary>Some link has <c>ipv6:</c>: the script balances IPv6 too.</summary>
    public bool DualStack => Links.Any(l => l.Ipv6 is not null);

    public IEnumerable<ResolvedLink> Ipv6Links => Links.Where(l => l.Ipv6 is not null);

    public NftDecisionView View(NftFamily family) => family.Ipv6
        ? new(family, Policies6, Rules6, Connected6, [.. Ipv6Links.Where(l => Policy.PolicyEngine.KeepsConnections(l.Ipv6!.State))])
        : new(family, Policies, Rules, Connected, [.. Links.Where(l => l.Config.Ipv4 && Policy.PolicyEngine.KeepsConnections(l.State))]);

    public ResolvedLink Link(string name) => Links.First(l => l.Name == name);
}
