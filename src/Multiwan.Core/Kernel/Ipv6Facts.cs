using System.Net;

namespace Multiwan.Kernel;

/// <summary>What the kernel says about a link's IPv6 side: its global source address, its default route's next hop, its connected prefixes.</summary>
public sealed record Ipv6Facts
{
    /// <summary>The global source address (neither temporary, deprecated nor tentative), or the configured one.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Read from the kernel: the device has no usable global IPv6 address (the link cannot carry IPv6).</summary>
    public bool NoAddress { get; init; }

    public int PrefixLength { get; init; }

    /// <summary>The next hop of the device's default route (router advertisement, DHCPv6, static), usually link-local; null on a point-to-point link or when unknown.</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>Main-table IPv6 connected routes of every interface (not link-local), copied into each link's IPv6 table.</summary>
    public IReadOnlyList<ConnectedRoute> ConnectedRoutes { get; init; } = [];
}
