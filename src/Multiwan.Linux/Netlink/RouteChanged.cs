using System.Net;

namespace Multiwan.Netlink;

/// <summary>RTM_NEWROUTE / RTM_DELROUTE for IPv4. A null <see cref="Destination"/> with prefix 0 is a default route.</summary>
public sealed record RouteChanged(
    DateTimeOffset At,
    int Table,
    IPAddress? Destination,
    int PrefixLength,
    IPAddress? Gateway,
    int? OutputIndex,
    int Protocol,
    bool Removed) : NetlinkEvent(At);
