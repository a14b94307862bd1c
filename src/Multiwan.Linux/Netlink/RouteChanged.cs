using System.Net;
using System.Net.Sockets;

namespace Multiwan.Netlink;

/// <summary>
/// RTM_NEWROUTE / RTM_DELROUTE, IPv4 or IPv6 (<see cref="Family"/>). A null <see cref="Destination"/> with prefix 0 is a
/// default route; an IPv6 default learned from a router advertisement has <see cref="Protocol"/> 9 (<c>ra</c>) and
/// usually a link-local <see cref="Gateway"/> that only means something with <see cref="OutputIndex"/>.
/// <see cref="Metric"/> is RTA_PRIORITY when the kernel sent one.
/// </summary>
public sealed record RouteChanged(
    DateTimeOffset At,
    int Table,
    IPAddress? Destination,
    int PrefixLength,
    IPAddress? Gateway,
    int? OutputIndex,
    int Protocol,
    bool Removed,
    AddressFamily Family = AddressFamily.InterNetwork,
    int? Metric = null) : NetlinkEvent(At)
{
    /// <summary>RTPROT_RA: installed by the kernel from a router advertisement.</summary>
    public const int ProtocolRa = 9;

    public bool IsDefault => Destination is null && PrefixLength == 0;
}
