using System.Buffers.Binary;
using static Multiwan.Netlink.NetlinkTestMessages;
using System.Text;
using CsCheck;
using Multiwan.Support;

namespace Multiwan.Netlink;

/// <summary>
/// The rtnetlink parser against random, truncated and mutated datagrams (issue 10 item 4): unknown or truncated
/// messages and attributes are skipped, never an exception; well-formed messages still parse.
/// </summary>
public sealed class RtnetlinkParserFuzzTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.UnixEpoch;

    [Fact]
    public void A_well_formed_link_message_parses()
    {
        var link = Assert.IsType<LinkChanged>(Assert.Single(RtnetlinkParser.Parse(LinkMessage("wan1", 0x10001), At)));

        Assert.Equal(("wan1", 7, true, true, false), (link.Name, link.Index, link.AdminUp, link.Carrier, link.Removed));
    }

    [Fact]
    public void Truncated_at_every_length_never_throws()
    {
        var datagram = Concat(LinkMessage("wan1", 1), AddressMessage(), RouteMessage());
        for (var length = 0; length <= datagram.Length; length++)
        {
            _ = RtnetlinkParser.Parse(datagram.AsMemory(0, length), At).ToList();
        }

        Assert.Equal(3, RtnetlinkParser.Parse(datagram, At).Count());
    }

    [Fact]
    public void Random_and_mutated_datagrams_never_throw_and_a_good_message_after_a_bad_attribute_still_parses()
    {
        var good = Concat(LinkMessage("wan1", 1), AddressMessage(), RouteMessage());
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 400],
            Gen.Select(Gen.Int[0, good.Length - 1], Gen.Byte.Array[1, 8], (at, noise) => Mutate(good, at, noise)));
        SeededFuzz.Run(gen, 3000, 20261201, datagram => _ = RtnetlinkParser.Parse(datagram, At).ToList());

        // An attribute claiming more bytes than its message holds ends that message's attributes, not the datagram.
        var broken = LinkMessage("wan1", 1);
        BinaryPrimitives.WriteUInt16LittleEndian(broken.AsSpan(32), 0xfff0);
        var events = RtnetlinkParser.Parse(Concat(broken, AddressMessage()), At).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("", Assert.IsType<LinkChanged>(events[0]).Name);
    }

    private static byte[] Mutate(byte[] good, int at, byte[] noise)
    {
        var bytes = good.ToArray();
        for (var k = 0; k < noise.Length; k++)
        {
            bytes[(at + k * 5) % bytes.Length] = noise[k];
        }

        return bytes;
    }

    private static byte[] LinkMessage(string name, uint flags)
    {
        var body = new byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(4), 7);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), flags);
        return Message(16, Concat(body, Attribute(3, Encoding.ASCII.GetBytes(name + "\0"))));
    }

    private static byte[] AddressMessage()
    {
        byte[] body = [2, 24, 0, 0, 7, 0, 0, 0];
        return Message(20, Concat(body, Attribute(2, [10, 0, 0, 2])));
    }

    private static byte[] RouteMessage()
    {
        byte[] body = [2, 0, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0];
        return Message(24, Concat(body, Attribute(5, [10, 0, 0, 1]), Attribute(4, [7, 0, 0, 0])));
    }
}
