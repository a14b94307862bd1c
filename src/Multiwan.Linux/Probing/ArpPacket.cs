using System.Buffers.Binary;
using System.Net;

namespace Multiwan.Probing;

/// <summary>ARP request building and reply matching for IPv4 over Ethernet (the 28-byte ARP payload of an AF_PACKET datagram socket).</summary>
internal static class ArpPacket
{
    public const ushort EtherTypeArp = 0x0806;

    public static byte[] Request(byte[] senderMac, IPAddress? senderIp, IPAddress targetIp)
    {
        var packet = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(packet, 1);           // hardware: Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), 0x0800); // protocol: IPv4
        packet[4] = 6;
        packet[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), 1); // request
        senderMac.AsSpan(0, 6).CopyTo(packet.AsSpan(8));
        (senderIp ?? IPAddress.Any).GetAddressBytes().CopyTo(packet, 14);
        targetIp.GetAddressBytes().CopyTo(packet, 24);               // target MAC (18..23) stays zero
        return packet;
    }

    /// <summary>True when <paramref name="packet"/> is an ARP reply from <paramref name="targetIp"/>.</summary>
    public static bool IsReplyFrom(ReadOnlySpan<byte> packet, IPAddress targetIp) =>
        packet.Length >= 28
        && BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) == 2
        && new IPAddress(packet.Slice(14, 4)).Equals(targetIp);
}
