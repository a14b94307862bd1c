using System.Buffers.Binary;
using System.Net;

namespace Multiwan.Probing;

/// <summary>ICMP echo request building and reply parsing (IPv4, raw socket: replies include the IP header).</summary>
internal static class IcmpPacket
{
    public const byte EchoReply = 0;
    public const byte DestinationUnreachable = 3;
    public const byte EchoRequest = 8;
    public const byte TimeExceeded = 11;

    /// <summary>56 bytes of payload, as ping sends: the packet is not empty and survives middleboxes that drop empty echoes.</summary>
    public const int PayloadLength = 56;

    public static byte[] Request(ushort identifier, ushort sequence)
    {
        var packet = new byte[8 + PayloadLength];
        packet[0] = EchoRequest;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), identifier);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), sequence);
        for (var i = 8; i < packet.Length; i++)
        {
            packet[i] = (byte)"multiwan"[(i - 8) % 8];
        }

        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), Checksum(packet));
        return packet;
    }

    /// <summary>The Internet checksum (RFC 1071).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (var i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        if ((data.Length & 1) == 1)
        {
            sum += (uint)(data[^1] << 8);
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>What a received datagram (IP header included) means for the echo (identifier, sequence) sent to target.</summary>
    public static IcmpMatch Match(ReadOnlySpan<byte> datagram, IPAddress from, IPAddress target, ushort identifier, ushort sequence)
    {
        if (datagram.Length < 20)
        {
            return IcmpMatch.None;
        }

        var ihl = (datagram[0] & 0x0f) * 4;
        if (datagram.Length < ihl + 8)
        {
            return IcmpMatch.None;
        }

        var icmp = datagram[ihl..];
        switch (icmp[0])
        {
            case EchoReply:
                return from.Equals(target) && Ids(icmp, identifier, sequence) ? IcmpMatch.Reply : IcmpMatch.None;
            case DestinationUnreachable or TimeExceeded:
                // The error quotes our request: its IP header (destination = target) and the first 8 ICMP bytes.
                var inner = icmp[8..];
                if (inner.Length < 20)
                {
                    return IcmpMatch.None;
                }

                var innerIhl = (inner[0] & 0x0f) * 4;
                if (inner.Length < innerIhl + 8 || !new IPAddress(inner.Slice(16, 4)).Equals(target) || inner[innerIhl] != EchoRequest)
                {
                    return IcmpMatch.None;
                }

                return Ids(inner[innerIhl..], identifier, sequence)
                    ? (icmp[0] == TimeExceeded ? IcmpMatch.TimeExceeded : IcmpMatch.Unreachable)
                    : IcmpMatch.None;
            default:
                return IcmpMatch.None;
        }
    }

    /// <summary>Whether an echo header (ICMP or ICMPv6: the same layout) carries our identifier and sequence.</summary>
    internal static bool Ids(ReadOnlySpan<byte> icmp, ushort identifier, ushort sequence) =>
        BinaryPrimitives.ReadUInt16BigEndian(icmp[4..]) == identifier && BinaryPrimitives.ReadUInt16BigEndian(icmp[6..]) == sequence;
}
