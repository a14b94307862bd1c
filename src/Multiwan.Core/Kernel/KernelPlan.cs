using Multiwan.Policy;

namespace Multiwan.Kernel;

/// <summary>
/// The desired kernel state for one (config, link states, facts): pure data. <see cref="NftScript"/> is one
/// <c>nft -f -</c> transaction that owns <c>table inet multiwan</c>; routes and rules are structured so the
/// applier can reconcile them against the kernel's (an rtnetlink dump) and change only what differs.
/// </summary>
public sealed record KernelPlan
{
    public required string NftScript { get; init; }

    /// <summary>The chains and sets <see cref="NftScript"/> declares, as data (the applier deletes the ones that exist but are no longer declared).</summary>
    public IReadOnlyList<NftObject> NftObjects { get; init; } = [];

    /// <summary>
    /// The firewall's <c>table ip multiwan_fw</c> (docs/KERNEL.md), applied in the same transaction as <see cref="NftScript"/>:
    /// deleted and declared whole, or, with the firewall off, only deleted when it exists.
    /// </summary>
    public string FirewallScript { get; init; } = "";

    /// <summary>The user snippets' commands (<c>firewall.nft_directory</c>, translated balance/firewall lines), applied after the firewall table in the same transaction.</summary>
    public IReadOnlyList<Configuration.NftSnippetChunk> Snippets { get; init; } = [];

    /// <summary><see cref="Snippets"/> as script text, each command headed by its <c>file:line</c>.</summary>
    public string SnippetScript => Firewall.FirewallUserChains.Script(Snippets);

    /// <summary>Every route multiwan wants, in per-link tables and (when managed) the main default route.</summary>
    public required IReadOnlyList<PlannedRoute> Routes { get; init; }

    public required IReadOnlyList<PlannedRule> Rules { get; init; }

    /// <summary>Per link: its mark, table and whether and how much it carries new traffic.</summary>
    public required IReadOnlyList<LinkPlan> Links { get; init; }

    /// <summary>The same for IPv6, for the links that have it (empty for an IPv4-only config).</summary>
    public IReadOnlyList<LinkPlan> Links6 { get; init; } = [];

    /// <summary>What each policy does with new IPv6 connections (empty for an IPv4-only config).</summary>
    public IReadOnlyList<PolicyOutcome> Policies6 { get; init; } = [];

    /// <summary>Named placeholders used because a fact was unknown (empty when the plan is complete and appliable).</summary>
    public IReadOnlyList<string> Placeholders { get; init; } = [];

    /// <summary>True when some policy fell back to its last resort because all its links are down.</summary>
    public bool LastResortActive { get; init; }

    /// <summary>What each policy (<c>default</c> first) does with new connections in this plan.</summary>
    public IReadOnlyList<PolicyOutcome> Policies { get; init; } = [];
}

/// <summary>How a link takes part in this plan.</summary>
public sealed record LinkPlan(string Name, string Device, uint Mark, int Table, bool Carrying, int EffectiveWeight, double Share);

/// <summary>One route; <see cref="Table"/> 254 is main. Rendered as <c>route replace ... proto P</c> (<c>ip -6</c> when <see cref="Ipv6"/>).</summary>
public sealed record PlannedRoute
{
    public required int Table { get; init; }

    /// <summary>An IPv6 route (the kernel keeps each family's tables apart: table 100 of IPv4 is not table 100 of IPv6).</summary>
    public bool Ipv6 { get; init; }

    /// <summary>Null for an ordinary route; <c>unreachable</c> or <c>blackhole</c> for a last resort in the main table.</summary>
    public string? Type { get; init; }

    /// <summary><c>default</c> or a CIDR.</summary>
    public required string Destination { get; init; }

    /// <summary>Single-path next hop; empty <see cref="Nexthops"/>.</summary>
    public string? Via { get; init; }

    public string? Device { get; init; }

    public string? Source { get; init; }

    /// <summary><c>link</c> for connected routes, null for global.</summary>
    public string? Scope { get; init; }

    public int? Metric { get; init; }

    /// <summary>Multipath next hops (main-table default in balanced mode).</summary>
    public IReadOnlyList<Nexthop> Nexthops { get; init; } = [];
}

public sealed record Nexthop(string? Via, string Device, int Weight);

/// <summary>One <c>ip rule</c>, tagged with multiwan's protocol id (<c>ip -6 rule</c> when <see cref="Ipv6"/>).</summary>
public sealed record PlannedRule
{
    public required int Priority { get; init; }

    /// <summary>An IPv6 rule (each family has its own rule list).</summary>
    public bool Ipv6 { get; init; }

    public required int Table { get; init; }

    public uint? FwMark { get; init; }

    public uint? FwMask { get; init; }

    /// <summary>Source address or CIDR (<c>from</c>).</summary>
    public string? From { get; init; }

    /// <summary>Output interface (<c>oif</c>): binds sockets bound to the device to the link's table.</summary>
    public string? OutputInterface { get; init; }
}
