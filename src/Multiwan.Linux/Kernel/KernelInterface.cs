using System.Net;

namespace Multiwan.Kernel;

/// <summary>An interface as the kernel reports it (RTM_GETLINK + RTM_GETADDR): its flags, IPv4 addresses and IPv6 addresses.</summary>
public sealed record KernelInterface(string Name, bool Up, bool LowerUp, bool PointToPoint, IReadOnlyList<KernelAddress> Addresses)
{
    /// <summary>The interface's IPv6 addresses, link-local ones included (<see cref="KernelAddress.Scope"/>).</summary>
    public IReadOnlyList<KernelAddress> Addresses6 { get; init; } = [];
}

/// <summary>
/// One address: <see cref="Label"/> is <c>eth0</c> or an alias <c>eth0:1</c>; secondary IPv4 addresses follow a primary
/// of the same subnet (for IPv6 the same kernel flag means a temporary, RFC 8981 address).
/// </summary>
public sealed record KernelAddress(IPAddress Local, int PrefixLength, string? Label, bool Secondary)
{
    /// <summary>rtnetlink scope: 0 global (universe), 253 link.</summary>
    public byte Scope { get; init; }

    /// <summary>IPv6: tentative (duplicate address detection running or failed) or deprecated (preferred lifetime over): not a source to choose.</summary>
    public bool Unpreferred { get; init; }
}
