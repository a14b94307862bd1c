using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>The IPv6 LAN side (<c>ipv6:</c>): how LAN hosts' IPv6 traffic leaves by several WANs. Needed as soon as a link has <c>ipv6:</c>.</summary>
public sealed record Ipv6Config
{
    internal static RecordShape<Ipv6Config> Schema { get; } = new RecordShape<Ipv6Config>(_ => new Ipv6Config())
        .Optional("lan_mode", Scalars.Enum<Ipv6LanMode>(), c => c.LanMode, (c, v) => c with { LanMode = v })
        .Optional("lan_prefix", Scalars.Text, c => c.LanPrefix, (c, v) => c with { LanPrefix = v });

    /// <summary>Unset: no link has IPv6. Required (explicit) when one does.</summary>
    public Ipv6LanMode? LanMode { get; init; }

    /// <summary><c>npt</c>: the LAN's own prefix (a ULA such as <c>fd00:1::/64</c>, or one stable prefix), translated to each WAN's <c>prefix</c>.</summary>
    public string? LanPrefix { get; init; }
}

/// <summary>How the LAN's IPv6 traffic is sent out of several WANs (docs/CONFIG.md, "IPv6").</summary>
public enum Ipv6LanMode
{
    /// <summary>NPTv6-style prefix translation: the LAN prefix is mapped to each WAN's prefix, the host part kept.</summary>
    Npt,

    /// <summary>NAT66: every connection leaving a WAN takes that WAN's address.</summary>
    Masquerade,

    /// <summary>No translation: the LAN has one prefix per WAN; each source prefix leaves by its own WAN only.</summary>
    Route,
}
