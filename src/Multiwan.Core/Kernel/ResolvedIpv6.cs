using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// A link's IPv6 side with what the renderers need: its source address and next hop (or named placeholders
/// <c>&lt;wan1.ipv6.address&gt;</c>), its IPv6 state (tracked apart from IPv4), and its configured prefix.
/// </summary>
/// <param name="Gateway">The next hop (link-local ones are used with the link's device); null on a point-to-point link.</param>
/// <param name="Prefix">The link's <c>ipv6.prefix</c> (npt: what the LAN prefix becomes on this WAN; route: the LAN prefix that leaves by it).</param>
internal sealed record ResolvedIpv6(string Address, bool AddressKnown, string? Gateway, LinkState State, string? Prefix)
{
    /// <summary>False when the facts say the device has no global IPv6 address: no IPv6 default route, source rule or next hop.</summary>
    public bool Usable { get; init; } = true;
}
