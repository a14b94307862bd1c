using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>A link's IPv6 side (<c>links[].ipv6:</c>): its next hop, source, probe targets and, per LAN mode, its prefix. Absent: the link is IPv4 only.</summary>
public sealed record LinkIpv6Config
{
    internal static RecordShape<LinkIpv6Config> Schema { get; } = new RecordShape<LinkIpv6Config>(_ => new LinkIpv6Config())
        .Key("gateway", Scalars.Text, c => c.Gateway, (c, v) => c with { Gateway = v })
        .Optional("source", Scalars.Text, c => c.Source, (c, v) => c with { Source = v })
        .Key("targets", Scalars.ListOf<TargetConfig>(TargetConfig.Schema, ConfigLimits.TargetsPerLink), c => c.Targets, (c, v) => c with { Targets = v })
        .Optional("method", Scalars.Enum<ProbeMethod>(), c => c.Method, (c, v) => c with { Method = v })
        .Optional("prefix", Scalars.Text, c => c.Prefix, (c, v) => c with { Prefix = v });

    /// <summary>
    /// <c>auto</c>: the kernel's default route out of the link's device (learned from router advertisements or DHCPv6,
    /// usually a link-local <c>fe80::</c> address, used with its device); or an IPv6 address.
    /// </summary>
    public string Gateway { get; init; } = "auto";

    /// <summary>Explicit IPv6 source address; by default the device's first global address that is neither temporary nor deprecated.</summary>
    public string? Source { get; init; }

    /// <summary>IPv6 probe targets; they decide the link's IPv6 health, apart from its IPv4 health.</summary>
    public IReadOnlyList<TargetConfig> Targets { get; init; } = [];

    /// <summary>Default method for the IPv6 targets; the link's <c>method</c> when unset.</summary>
    public ProbeMethod? Method { get; init; }

    /// <summary>
    /// <c>ipv6.lan_mode: npt</c>: the prefix the LAN prefix is translated to on this WAN (the customer prefix the ISP
    /// routes to the router, as long as the LAN prefix). <c>route</c>: the LAN prefix that leaves by this WAN only.
    /// </summary>
    public string? Prefix { get; init; }
}
