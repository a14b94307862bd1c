using System.Net;

namespace Multiwan.Probing;

/// <summary>
/// ICMPv6 echo request building and reply parsing (RFC 4443). On a raw ICMPv6 socket the kernel fills in the checksum
/// (it covers the IPv6 pseudo-header, which only the kernel knows) and hands up the ICMPv6 message without the IPv6 header.
/// </summary>
internal static class Icmp6Packet
{
    public const byte DestinationUnreachable = 1;
    public const byte TimeExceeded = 3;
    public const byte EchoRequest = 128;
    public const byte EchoReply = 129;
    private const int Ipv6HeaderLength = 40;
    private const byte NextHeaderIcmp6 = 58;

    /// <summary>An echo request with the same 56-byte payload as the IPv4 probe; checksum left 0 for the kernel.</summary>
    public static byte[] Request(ushort identifier, ushort sequence)
    {
        var packet = IcmpPacket.Request(identifier, sequence);
        packet[0] = EchoRequest;
        packet[2] = 0;
        packet[3] = 0;
        return packet;
    }

    /// <summary>What a received ICMPv6 message (no IPv6 header) means for the echo (identifier, sequence) sent to target.</summary>
    public static IcmpMatch Match(ReadOnlySpan<byte> icmp, IPAddress from, IPAddress target, ushort identifier, ushort sequence)
    {
        if (icmp.Length < 8)
        {
            return IcmpMatch.None;
        }

        switch (icmp[0])
        {
            case EchoReply:
                return SameAddress(from, target) && IcmpPacket.Ids(icmp, identifier, sequence) ? IcmpMatch.Reply : IcmpMatch.None;
            case DestinationUnreachable or TimeExceeded:
                // The error quotes as much of our request as fits: its IPv6 header (destination = target) and the echo header.
                var inner = icmp[8..];
                if (inner.Length < Ipv6HeaderLength + 8 || inner[6] != NextHeaderIcmp6
                    || !new IPAddress(inner.Slice(24, 16)).Equals(Unscoped(target)) || inner[Ipv6HeaderLength] != EchoRequest)
                {
                    return IcmpMatch.None;
                }

                return IcmpPacket.Ids(inner[Ipv6HeaderLength..], identifier, sequence)
                    ? (icmp[0] == TimeExceeded ? IcmpMatch.TimeExceeded : IcmpMatch.Unreachable)
                    : IcmpMatch.None;
            default:
                return IcmpMatch.None;
        }
    }

    /// <summary>Equal addresses, ignoring the scope id (a link-local target's reply carries the device's index).</summary>
    private static bool SameAddress(IPAddress a, IPAddress b) => Unscoped(a).Equals(Unscoped(b));

    private static IPAddress Unscoped(IPAddress address) => address.ScopeId == 0 ? address : new IPAddress(address.GetAddressBytes());
}
