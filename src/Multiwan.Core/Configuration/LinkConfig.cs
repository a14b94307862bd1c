using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>One uplink.</summary>
public sealed record LinkConfig
{
    internal static RecordShape<LinkConfig> Schema { get; } = new RecordShape<LinkConfig>(t => new LinkConfig { Health = t.Health })
        .Key("name", Scalars.Text, c => c.Name, (c, v) => c with { Name = v })
        .Key("interface", Scalars.Text, c => c.Interface, (c, v) => c with { Interface = v })
        .Key("gateway", Scalars.Text, c => c.Gateway, (c, v) => c with { Gateway = v })
        .Optional("source", Scalars.Text, c => c.Source, (c, v) => c with { Source = v })
        .Key("weight", Scalars.Int, c => c.Weight, (c, v) => c with { Weight = v })
        .Key("tier", Scalars.Int, c => c.Tier, (c, v) => c with { Tier = v })
        .Key("backup", Scalars.Bool, c => c.Backup, (c, v) => c with { Backup = v })
        .Key("metered", Scalars.Bool, c => c.Metered, (c, v) => c with { Metered = v })
        .Key("nat", Scalars.Enum<NatMode>(), c => c.Nat, (c, v) => c with { Nat = v })
        .Key("targets", Scalars.ListOf<TargetConfig>(TargetConfig.Schema, ConfigLimits.TargetsPerLink), c => c.Targets, (c, v) => c with { Targets = v })
        .Key("method", Scalars.Enum<ProbeMethod>(), c => c.Method, (c, v) => c with { Method = v })
        .Key("health", HealthConfig.Schema, c => c.Health, (c, v) => c with { Health = v })
        .Key("ipv4", Scalars.Bool, c => c.Ipv4, (c, v) => c with { Ipv4 = v })
        .Optional("ipv6", LinkIpv6Config.Schema, c => c.Ipv6, (c, v) => c with { Ipv6 = v });

    /// <summary>Lower-case identifier, [a-z0-9_-], at most 15 characters (it names nft objects).</summary>
    public string Name { get; init; } = "";

    /// <summary>The kernel device: <c>eth0</c>, <c>ppp0</c>, <c>eth0.10</c>. An alias such as <c>eth0:1</c> is accepted and resolved to its device.</summary>
    public string Interface { get; init; } = "";

    /// <summary><c>auto</c> (read from the kernel: the route the DHCP/static config installed; <c>dev</c> only on point-to-point links) or an IPv4 address.</summary>
    public string Gateway { get; init; } = "auto";

    /// <summary>Explicit source address; by default the interface's primary IPv4 address.</summary>
    public string? Source { get; init; }

    /// <summary>Share of new connections relative to the other links of its tier (1–1000).</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Priority tier: 1 is best. Only the best tier with an up link carries traffic.</summary>
    public int Tier { get; init; } = 1;

    /// <summary>A backup link carries traffic only when every non-backup link is down.</summary>
    public bool Backup { get; init; }

    /// <summary>Metered (paid per byte): when a better link returns, connections still on this one are moved home (failback).</summary>
    public bool Metered { get; init; }

    public NatMode Nat { get; init; } = NatMode.Masquerade;

    /// <summary>Probe targets. Each is an address (probed with <see cref="ProbeMethod"/>) or a mapping with its own method.</summary>
    public IReadOnlyList<TargetConfig> Targets { get; init; } = [];

    /// <summary>Default method for this link's targets.</summary>
    public ProbeMethod Method { get; init; } = ProbeMethod.Icmp;

    /// <summary>Health settings for this link: the global <c>health:</c> with these keys overridden.</summary>
    public HealthConfig Health { get; init; } = new();

    /// <summary>
    /// False: the link is IPv6 only (<c>ipv4: false</c>, an IPv6-only or DS-Lite line): no IPv4 targets, gateway, source,
    /// tracker, routes or NAT; it needs <see cref="Ipv6"/>. True (the default): the link carries IPv4.
    /// </summary>
    public bool Ipv4 { get; init; } = true;

    /// <summary>The link's IPv6 side; null: IPv4 only.</summary>
    public LinkIpv6Config? Ipv6 { get; init; }
}

public enum NatMode
{
    Masquerade,
    Snat,
    None,
}
