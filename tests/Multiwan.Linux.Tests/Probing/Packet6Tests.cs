using System.Net;

namespace Multiwan.Probing;

/// <summary>ICMPv6 echo and neighbour discovery packets: only the answer to our request, for our target, counts.</summary>
public sealed class Packet6Tests
{
    private static readonly IPAddress Target = IPAddress.Parse("2001:db8:fa::1");

    [Fact]
    public void Echo_request_is_type_128_with_the_ipv4_payload_and_a_checksum_left_to_the_kernel()
    {
        var request = Icmp6Packet.Request(0x1234, 7);
        Assert.Equal((byte)128, request[0]);
        Assert.Equal((0, 0), (request[2], request[3]));
        Assert.Equal(IcmpPacket.Request(0x1234, 7)[8..], request[8..]);
    }

    [Theory]
    [InlineData("2001:db8:fa::1", 0x1234, 7, "Reply")]
    [InlineData("2001:db8:fa::9", 0x1234, 7, "None")]   // another host
    [InlineData("2001:db8:fa::1", 0x4321, 7, "None")]   // another prober's identifier
    [InlineData("2001:db8:fa::1", 0x1234, 6, "None")]   // a late reply to the previous probe
    public void Echo_replies_are_matched_by_source_identifier_and_sequence(string from, int id, int seq, string expected)
    {
        var reply = Icmp6Packet.Request((ushort)id, (ushort)seq);
        reply[0] = Icmp6Packet.EchoReply;
        Assert.Equal(Enum.Parse<IcmpMatch>(expected), Icmp6Packet.Match(reply, IPAddress.Parse(from), Target, 0x1234, 7));
    }

    [Fact]
    public void A_link_local_target_matches_its_reply_whatever_the_scope_id()
    {
        var reply = Icmp6Packet.Request(1, 2);
        reply[0] = Icmp6Packet.EchoReply;
        Assert.Equal(IcmpMatch.Reply, Icmp6Packet.Match(reply, IPAddress.Parse("fe80::1%3"), IPAddress.Parse("fe80::1"), 1, 2));
    }

    [Theory]
    [InlineData(Icmp6Packet.DestinationUnreachable, "2001:db8:fa::1", 7, "Unreachable")]
    [InlineData(Icmp6Packet.TimeExceeded, "2001:db8:fa::1", 7, "TimeExceeded")]
    [InlineData(Icmp6Packet.DestinationUnreachable, "2001:db8:fa::2", 7, "None")] // quotes a request to another target
    [InlineData(Icmp6Packet.DestinationUnreachable, "2001:db8:fa::1", 8, "None")] // quotes another request
    public void An_error_quoting_our_request_is_unreachable(byte type, string quotedTarget, int seq, string expected)
    {
        var quoted = new byte[40 + 64];
        quoted[0] = 0x60;
        quoted[6] = 58;
        IPAddress.Parse(quotedTarget).GetAddressBytes().CopyTo(quoted, 24);
        Icmp6Packet.Request(0x1234, (ushort)seq).CopyTo(quoted, 40);
        var error = new byte[8 + quoted.Length];
        error[0] = type;
        quoted.CopyTo(error, 8);

        Assert.Equal(Enum.Parse<IcmpMatch>(expected), Icmp6Packet.Match(error, IPAddress.Parse("2001:db8:1::1"), Target, 0x1234, 7));
    }

    [Fact]
    public void Short_or_foreign_messages_are_ignored()
    {
        Assert.Equal(IcmpMatch.None, Icmp6Packet.Match([129, 0, 0], Target, Target, 1, 1));
        Assert.Equal(IcmpMatch.None, Icmp6Packet.Match(new byte[64], Target, Target, 0, 0)); // type 0 is not ICMPv6 echo
        Assert.Equal(IcmpMatch.None, Icmp6Packet.Match([1, 0, 0, 0, 0, 0, 0, 0, 0x60], Target, Target, 0, 0)); // truncated quote
    }

    [Fact]
    public void A_solicitation_names_its_target_and_our_mac_and_goes_to_the_solicited_node_group()
    {
        byte[] mac = [0x02, 0x11, 0x22, 0x33, 0x44, 0x55];
        var ns = NdpPacket.Solicitation(IPAddress.Parse("fe80::1"), mac);

        Assert.Equal((byte)135, ns[0]);
        Assert.Equal(IPAddress.Parse("fe80::1").GetAddressBytes(), ns[8..24]);
        Assert.Equal([1, 1, .. mac], ns[24..32]);
        Assert.Equal(IPAddress.Parse("ff02::1:ff00:1"), new IPAddress(NdpPacket.SolicitedNode(IPAddress.Parse("fe80::1"), 0).GetAddressBytes()));
        Assert.Equal(IPAddress.Parse("ff02::1:ffab:cdef"), new IPAddress(NdpPacket.SolicitedNode(IPAddress.Parse("2001:db8::12ab:cdef"), 0).GetAddressBytes()));
        Assert.Equal(7, NdpPacket.SolicitedNode(IPAddress.Parse("fe80::1"), 7).ScopeId);
    }

    [Theory]
    [InlineData(136, "fe80::1", true)]
    [InlineData(136, "fe80::2", false)]  // another neighbour's advertisement
    [InlineData(135, "fe80::1", false)]  // a solicitation (someone else asking), not an answer
    public void Only_an_advertisement_for_the_target_answers(byte type, string about, bool expected)
    {
        var na = new byte[32];
        na[0] = type;
        IPAddress.Parse(about).GetAddressBytes().CopyTo(na, 8);
        Assert.Equal(expected, NdpPacket.IsAdvertisementFor(na, IPAddress.Parse("fe80::1%4")));
        Assert.False(NdpPacket.IsAdvertisementFor(na.AsSpan(0, 20), IPAddress.Parse("fe80::1")));
    }
}
