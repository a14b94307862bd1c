using System.Net;

namespace Multiwan.Netlink;

/// <summary>RTM_NEWADDR / RTM_DELADDR for IPv4. <see cref="Label"/> is the ifa label (<c>eth0</c> or an alias <c>eth0:1</c>).</summary>
public sealed record AddressChanged(DateTimeOffset At, int Index, string? Label, IPAddress Address, int PrefixLength, bool Removed) : NetlinkEvent(At);
