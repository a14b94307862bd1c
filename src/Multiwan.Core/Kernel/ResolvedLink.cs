using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// A link with everything the renderers need: its kernel resources and its facts, unknown facts replaced by
/// named placeholders (<c>&lt;cable.gateway&gt;</c>).
/// </summary>
/// <param name="Id">The nft identifier part derived from the name (<c>-</c> becomes <c>_</c>).</param>
/// <param name="Slot">The link's kernel identity (<see cref="LinkSlots"/>): <paramref name="Mark"/>, <paramref name="Table"/> and its rule priorities.</param>
/// <param name="Address">The source address, or a placeholder when <see cref="AddressKnown"/> is false.</param>
/// <param name="Gateway">The next hop (or a placeholder); null on a point-to-point link, routed by device only.</param>
internal sealed record ResolvedLink(
    LinkConfig Config,
    string Id,
    string Device,
    int Slot,
    uint Mark,
    int Table,
    string Address,
    bool AddressKnown,
    string? Gateway,
    LinkState State)
{
    public string Name => Config.Name;

    /// <summary>False when the facts say the interface has no address for the link (<see cref="LinkFacts.NoAddress"/>): no default route, no source rule, no next hop.</summary>
    public bool Usable { get; init; } = true;

    /// <summary>The link's IPv6 side; null for an IPv4-only link.</summary>
    public ResolvedIpv6? Ipv6 { get; init; }
}
