using static Multiwan.Netlink.NetlinkTestMessages;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Netlink;

/// <summary>IPv6 rtnetlink messages as the kernel sends them: the family on each event, 16-byte addresses, IFA_FLAGS, RTA_PRIORITY.</summary>
public sealed class Rtnetlink6ParserTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void An_ipv6_address_parses_with_its_flags_from_ifa_flags_and_its_scope()
    {
        byte[] body = [10, 64, 0x80, 0, 3, 0, 0, 0];
        var message = Message(20, [.. body, .. Attribute(1, IPAddress.Parse("2001:db8:1::2").GetAddressBytes()), .. Attribute(8, [0x20, 0x02, 0, 0])]);

        var address = Assert.IsType<AddressChanged>(Assert.Single(RtnetlinkParser.Parse(message, At)));

        Assert.Equal((3, IPAddress.Parse("2001:db8:1::2"), 64, AddressFamily.InterNetworkV6, 0x220u), (address.Index, address.Address, address.PrefixLength, address.Family, address.Flags));
        Assert.True(address.Dynamic, "IFA_FLAGS replaces the 8-bit flags: no permanent bit there");
        Assert.False(address.UsableSource, "deprecated");
    }

    [Theory]
    [InlineData("fe80::1", 253, 0u, false)]        // link-local
    [InlineData("2001:db8::1", 0, 0x40u, false)]   // tentative
    [InlineData("2001:db8::1", 0, 0x01u, false)]   // temporary (privacy)
    [InlineData("2001:db8::1", 0, 0x80u, true)]
    public void Only_a_settled_global_ipv6_address_is_a_usable_source(string text, byte scope, uint flags, bool usable) =>
        Assert.Equal(usable, new AddressChanged(At, 1, null, IPAddress.Parse(text), 64, false, flags, scope).UsableSource);

    [Fact]
    public void An_ipv6_default_route_via_a_link_local_next_hop_parses_with_family_device_and_metric()
    {
        byte[] body = [10, 0, 0, 0, 254, 9, 0, 1, 0, 0, 0, 0];
        var message = Message(24, [.. body, .. Attribute(5, IPAddress.Parse("fe80::1").GetAddressBytes()), .. Attribute(4, [5, 0, 0, 0]), .. Attribute(6, [0, 4, 0, 0])]);

        var route = Assert.IsType<RouteChanged>(Assert.Single(RtnetlinkParser.Parse(message, At)));

        Assert.Equal((AddressFamily.InterNetworkV6, true, IPAddress.Parse("fe80::1"), 5, RouteChanged.ProtocolRa, 1024), (route.Family, route.IsDefault, route.Gateway, route.OutputIndex, route.Protocol, route.Metric));
    }

    [Fact]
    public void A_4_byte_address_in_an_ipv6_message_and_another_family_are_skipped()
    {
        var wrongSize = Message(20, [10, 64, 0, 0, 3, 0, 0, 0, .. Attribute(1, [10, 0, 0, 1])]);
        var otherFamily = Message(24, [7, 0, 0, 0, 254, 9, 0, 1, 0, 0, 0, 0, .. Attribute(5, [10, 0, 0, 1])]);

        Assert.Empty(RtnetlinkParser.Parse(wrongSize, At));
        Assert.Empty(RtnetlinkParser.Parse(otherFamily, At));
        var v4 = Assert.IsType<RouteChanged>(Assert.Single(RtnetlinkParser.Parse(Message(24, [2, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0, .. Attribute(5, [10, 0, 0, 1])]), At)));
        Assert.Equal(AddressFamily.InterNetwork, v4.Family);
    }
}
