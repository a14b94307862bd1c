using System.Net;

namespace Multiwan.Probing;

/// <summary>
/// IPv6 neighbour discovery (RFC 4861), the ARP of IPv6: a neighbour solicitation for a target, sent to the target's
/// solicited-node multicast group with our link-layer address, and the matching of the advertisement that answers it.
/// Raw ICMPv6 socket: the kernel fills in the checksum; received messages come without the IPv6 header.
/// </summary>
internal static class NdpPacket
{
    public const byte NeighbourSolicitation = 135;
    public const byte NeighbourAdvertisement = 136;

    /// <summary>Neighbour discovery messages must carry hop limit 255 (a receiver drops any other: they never crossed a router).</summary>
    public const int HopLimit = 255;

    private const byte SourceLinkLayerAddress = 1;

    /// <summary>type, code, checksum, reserved(4), target(16), then the source link-layer address option (type 1, 8 bytes).</summary>
    public static byte[] Solicitation(IPAddress target, byte[] mac)
    {
        var packet = new byte[32];
        packet[0] = NeighbourSolicitation;
        Unscoped(target).CopyTo(packet, 8);
        packet[24] = SourceLinkLayerAddress;
        packet[25] = 1; // In units of 8 bytes.
        mac.AsSpan(0, 6).CopyTo(packet.AsSpan(26));
        return packet;
    }

    /// <summary>ff02::1:ffXX:XXXX, the group whose members include <paramref name="target"/> (its last 24 bits).</summary>
    public static IPAddress SolicitedNode(IPAddress target, long scopeId)
    {
        var bytes = new byte[16];
        bytes[0] = 0xff;
        bytes[1] = 0x02;
        bytes[11] = 0x01;
        bytes[12] = 0xff;
        Unscoped(target).AsSpan(13, 3).CopyTo(bytes.AsSpan(13));
        return new IPAddress(bytes, scopeId);
    }

    /// <summary>True when <paramref name="icmp"/> is a neighbour advertisement for <paramref name="target"/>.</summary>
    public static bool IsAdvertisementFor(ReadOnlySpan<byte> icmp, IPAddress target) =>
        icmp.Length >= 24 && icmp[0] == NeighbourAdvertisement && icmp[1] == 0 && icmp.Slice(8, 16).SequenceEqual(Unscoped(target));

    private static byte[] Unscoped(IPAddress address) => address.GetAddressBytes();
}
