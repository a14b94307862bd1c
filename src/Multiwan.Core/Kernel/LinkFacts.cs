using System.Net;

namespace Multiwan.Kernel;

/// <summary>
/// What the kernel says about a link's interface right now: the facts the planner needs that are not in the config.
/// Unknown values are null; the planner then renders a named placeholder (and the applier refuses to apply it).
/// </summary>
public sealed record LinkFacts
{
    /// <summary>The kernel device (an alias like <c>eth0:1</c> resolved to <c>eth0</c>).</summary>
    public required string Device { get; init; }

    /// <summary>The link's IPv4 source address.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>
    /// Read from the kernel: the interface has no IPv4 address for this link (or is missing). The link cannot carry
    /// traffic: the daemon takes it offline at once and the planner gives it no route or rule the kernel would refuse.
    /// False when not known (facts given by hand).
    /// </summary>
    public bool NoAddress { get; init; }

    public int PrefixLength { get; init; }

    /// <summary>The gateway; null on a point-to-point link (route by device) or when unknown.</summary>
    public IPAddress? Gateway { get; init; }

    /// <summary>A point-to-point device (ppp, tun): default route by <c>dev</c> only.</summary>
    public bool PointToPoint { get; init; }

    /// <summary>Carrier and administrative state.</summary>
    public bool Up { get; init; } = true;

    /// <summary>Main-table connected routes (every interface's, LAN included), copied into each link's table.</summary>
    public IReadOnlyList<ConnectedRoute> ConnectedRoutes { get; init; } = [];

    /// <summary>The link's IPv6 facts; null when not read (an IPv4-only link, or facts given by hand without them).</summary>
    public Ipv6Facts? Ipv6 { get; init; }
}

/// <summary>A connected (scope link) route: <c>10.0.0.0/24 dev eth1 src 10.0.0.1</c>.</summary>
public sealed record ConnectedRoute(string Prefix, string Device, IPAddress? Source);
