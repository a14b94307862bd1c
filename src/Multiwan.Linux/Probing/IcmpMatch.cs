namespace Multiwan.Probing;

/// <summary>What a received ICMP datagram says about the echo we sent.</summary>
internal enum IcmpMatch
{
    None,
    Reply,
    Unreachable,
    TimeExceeded,
}
