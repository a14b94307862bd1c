using System.Net;

namespace Multiwan.Kernel;

/// <summary>An interface as the kernel reports it (RTM_GETLINK + RTM_GETADDR): its flags and IPv4 addresses.</summary>
public sealed record KernelInterface(string Name, bool Up, bool LowerUp, bool PointToPoint, IReadOnlyList<KernelAddress> Addresses);

/// <summary>One IPv4 address: <see cref="Label"/> is <c>eth0</c> or an alias <c>eth0:1</c>; secondary addresses follow a primary of the same subnet.</summary>
public sealed record KernelAddress(IPAddress Local, int PrefixLength, string? Label, bool Secondary);
