using System.Net;
using System.Net.Sockets;

namespace Multiwan.Netlink;

/// <summary>
/// RTM_NEWADDR / RTM_DELADDR, IPv4 or IPv6 (<see cref="Family"/>, the address's). <see cref="Label"/> is the ifa label
/// (<c>eth0</c> or an alias <c>eth0:1</c>; IPv4 only, null for IPv6). <see cref="Flags"/> are the kernel's IFA_F_* bits
/// (the 32-bit IFA_FLAGS attribute when present) and <see cref="Scope"/> its RT_SCOPE_*: together they tell a usable
/// global address from a link-local, tentative, deprecated or temporary one, and a SLAAC or DHCPv6 address (no
/// IFA_F_PERMANENT: it has lifetimes) from a configured one.
/// </summary>
public sealed record AddressChanged(
    DateTimeOffset At,
    int Index,
    string? Label,
    IPAddress Address,
    int PrefixLength,
    bool Removed,
    uint Flags = 0,
    byte Scope = 0) : NetlinkEvent(At)
{
    public const uint FlagSecondary = 0x01;
    public const uint FlagTemporary = 0x01;
    public const uint FlagDadFailed = 0x08;
    public const uint FlagDeprecated = 0x20;
    public const uint FlagTentative = 0x40;
    public const uint FlagPermanent = 0x80;

    public AddressFamily Family => Address.AddressFamily;

    public bool IsIpv6 => Family == AddressFamily.InterNetworkV6;

    /// <summary>An IPv6 privacy (temporary) address (RFC 8981): never a link's source, it changes by design.</summary>
    public bool Temporary => IsIpv6 && (Flags & FlagTemporary) != 0;

    /// <summary>IPv6 learned with lifetimes (SLAAC from a router advertisement, or DHCPv6), not configured by hand.</summary>
    public bool Dynamic => IsIpv6 && (Flags & FlagPermanent) == 0;

    /// <summary>
    /// Whether the address can be a link's source now: for IPv4 any address; for IPv6 a global-scope one that is not
    /// link-local, tentative (DAD running), failed DAD, deprecated (preferred lifetime 0) or temporary.
    /// </summary>
    public bool UsableSource => !IsIpv6
        || (Scope == 0 && !Address.IsIPv6LinkLocal && (Flags & (FlagTentative | FlagDadFailed | FlagDeprecated | FlagTemporary)) == 0);
}
