using System.Buffers.Binary;
using System.Net;

namespace Multiwan.Probing;

/// <summary>Reply filtering: only the answer to our request, from our target, counts.</summary>
public sealed class PacketTests
{
    private static readonly IPAddress Target = IPAddress.Parse("192.0.2.1");

    [Fact]
    public void Echo_request_has_a_payload_and_a_valid_checksum()
    {
        var request = IcmpPacket.Request(0x1234, 7);
        Assert.Equal(8 + IcmpPacket.PayloadLength, request.Length);
        Assert.Equal(0, IcmpPacket.Checksum(request));
    }

    [Theory]
    [InlineData("192.0.2.1", 0x1234, 7, "Reply")]
    [InlineData("192.0.2.9", 0x1234, 7, "None")]   // another host
    [InlineData("192.0.2.1", 0x4321, 7, "None")]   // another prober's identifier
    [InlineData("192.0.2.1", 0x1234, 6, "None")]   // a late reply to the previous probe
    public void Echo_replies_are_matched_by_source_identifier_and_sequence(string from, int id, int seq, string expected)
    {
        var reply = WithIpHeader(Target, IcmpPacket.Request((ushort)id, (ushort)seq));
        reply[20] = IcmpPacket.EchoReply;
        Assert.Equal(Enum.Parse<IcmpMatch>(expected), IcmpPacket.Match(reply, IPAddress.Parse(from), Target, 0x1234, 7));
    }

    [Fact]
    public void An_unreachable_quoting_our_request_is_unreachable()
    {
        var quoted = WithIpHeader(Target, IcmpPacket.Request(0x1234, 7));
        var error = new byte[8 + quoted.Length];
        error[0] = IcmpPacket.DestinationUnreachable;
        error[1] = 1;
        quoted.CopyTo(error, 8);
        var datagram = WithIpHeader(IPAddress.Parse("10.0.0.1"), error);
        Assert.Equal(IcmpMatch.Unreachable, IcmpPacket.Match(datagram, IPAddress.Parse("10.0.0.1"), Target, 0x1234, 7));
        Assert.Equal(IcmpMatch.None, IcmpPacket.Match(datagram, IPAddress.Parse("10.0.0.1"), Target, 0x1234, 8));
    }

    [Fact]
    public void Dns_answers_must_carry_the_query_id_and_the_response_bit()
    {
        var query = DnsPacket.Query(0xbeef, "example.com");
        Assert.Equal(12 + 13 + 4, query.Length);
        Assert.Null(DnsPacket.ResponseRcode(query, 0xbeef)); // a query, not a response
        var response = (byte[])query.Clone();
        response[2] |= 0x80;
        response[3] = 3;
        Assert.Equal(3, DnsPacket.ResponseRcode(response, 0xbeef));
        Assert.Null(DnsPacket.ResponseRcode(response, 0xbeee));
        Assert.Equal((3, 2, 5), (DnsPacket.ParseRcode("NXDOMAIN"), DnsPacket.ParseRcode("servfail"), DnsPacket.ParseRcode("5")));
        Assert.Throws<ArgumentException>(() => DnsPacket.ParseRcode("nosuch"));
        Assert.Throws<ArgumentException>(() => DnsPacket.ParseRcode("16"));
    }

    [Fact]
    public void Arp_replies_count_only_from_the_target()
    {
        var request = ArpPacket.Request([1, 2, 3, 4, 5, 6], IPAddress.Parse("10.1.0.2"), Target);
        Assert.False(ArpPacket.IsReplyFrom(request, Target));
        var reply = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), 2);
        Target.GetAddressBytes().CopyTo(reply, 14);
        Assert.True(ArpPacket.IsReplyFrom(reply, Target));
        Assert.False(ArpPacket.IsReplyFrom(reply, IPAddress.Parse("192.0.2.2")));
    }

    private static byte[] WithIpHeader(IPAddress destination, byte[] payload)
    {
        var packet = new byte[20 + payload.Length];
        packet[0] = 0x45;
        destination.GetAddressBytes().CopyTo(packet, 16);
        payload.CopyTo(packet, 20);
        return packet;
    }
}
