using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Multiwan.Netlink;

/// <summary>
/// Parses rtnetlink datagrams (several messages each) into <see cref="NetlinkEvent"/>s, IPv4 and IPv6 addresses and
/// routes with their family; unknown messages, other families and attributes of the wrong size are skipped.
/// </summary>
internal static class RtnetlinkParser
{
    private const int HeaderLength = 16;
    private const ushort NlmsgOverrun = 4;
    private const ushort RtmNewLink = 16;
    private const ushort RtmDelLink = 17;
    private const ushort RtmNewAddr = 20;
    private const ushort RtmDelAddr = 21;
    private const ushort RtmNewRoute = 24;
    private const ushort RtmDelRoute = 25;
    private const uint IffUp = 0x1;
    private const uint IffLowerUp = 0x10000;
    private const ushort IflaIfname = 3;
    private const ushort IfaAddress = 1;
    private const ushort IfaLocal = 2;
    private const ushort IfaLabel = 3;
    private const ushort IfaFlags = 8;
    private const ushort RtaDst = 1;
    private const ushort RtaOif = 4;
    private const ushort RtaGateway = 5;
    private const ushort RtaPriority = 6;
    private const ushort RtaTable = 15;
    private const byte AfInet = 2;
    private const byte AfInet6 = 10;

    public static IEnumerable<NetlinkEvent> Parse(ReadOnlyMemory<byte> datagram, DateTimeOffset at)
    {
        var events = new List<NetlinkEvent>();
        var offset = 0;
        while (offset + HeaderLength <= datagram.Length)
        {
            var span = datagram.Span[offset..];
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(span);
            if (length < HeaderLength || length > span.Length)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(span[4..]);
            var body = span[HeaderLength..length];
            NetlinkEvent? parsed = type switch
            {
                RtmNewLink or RtmDelLink => Link(body, type == RtmDelLink, at),
                RtmNewAddr or RtmDelAddr => Address(body, type == RtmDelAddr, at),
                RtmNewRoute or RtmDelRoute => Route(body, type == RtmDelRoute, at),
                NlmsgOverrun => new NetlinkResync(at, "netlink overrun"),
                _ => null,
            };
            if (parsed is not null)
            {
                events.Add(parsed);
            }

            offset += Align(length);
        }

        return events;
    }

    private static LinkChanged? Link(ReadOnlySpan<byte> body, bool removed, DateTimeOffset at)
    {
        // struct ifinfomsg: family, pad, type(2), index(4), flags(4), change(4).
        if (body.Length < 16)
        {
            return null;
        }

        var index = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        string name = "";
        foreach (var (type, value) in Attributes(body[16..]))
        {
            if (type == IflaIfname)
            {
                name = CString(value);
            }
        }

        return new LinkChanged(at, index, name, (flags & IffUp) != 0, (flags & IffLowerUp) != 0, removed);
    }

    /// <summary>One RTM_NEWADDR / RTM_DELADDR body (after <c>struct nlmsghdr</c>): also what an address dump replies.</summary>
    internal static AddressChanged? Address(ReadOnlySpan<byte> body, bool removed, DateTimeOffset at)
    {
        // struct ifaddrmsg: family, prefixlen, flags, scope, index(4). IPv6: IFA_ADDRESS is the address (IFA_LOCAL
        // only on point-to-point), IFA_FLAGS carries the flags above bit 7 (mngtmpaddr, noprefixroute, ...).
        if (body.Length < 8 || AddressLength(body[0]) is not { } size)
        {
            return null;
        }

        IPAddress? local = null, address = null;
        string? label = null;
        uint flags = body[2];
        foreach (var (type, value) in Attributes(body[8..]))
        {
            switch (type)
            {
                case IfaLocal when value.Length == size: local = new IPAddress(value); break;
                case IfaAddress when value.Length == size: address = new IPAddress(value); break;
                case IfaLabel: label = CString(value); break;
                case IfaFlags when value.Length == 4: flags = BinaryPrimitives.ReadUInt32LittleEndian(value); break;
            }
        }

        var chosen = local ?? address;
        return chosen is null ? null : new AddressChanged(at, BinaryPrimitives.ReadInt32LittleEndian(body[4..]), label, chosen, body[1], removed, flags, body[3]);
    }

    private static RouteChanged? Route(ReadOnlySpan<byte> body, bool removed, DateTimeOffset at)
    {
        // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags(4).
        if (body.Length < 12 || AddressLength(body[0]) is not { } size)
        {
            return null;
        }

        int table = body[4];
        IPAddress? destination = null, gateway = null;
        int? oif = null, metric = null;
        foreach (var (type, value) in Attributes(body[12..]))
        {
            switch (type)
            {
                case RtaDst when value.Length == size: destination = new IPAddress(value); break;
                case RtaGateway when value.Length == size: gateway = new IPAddress(value); break;
                case RtaOif when value.Length == 4: oif = BinaryPrimitives.ReadInt32LittleEndian(value); break;
                case RtaTable when value.Length == 4: table = BinaryPrimitives.ReadInt32LittleEndian(value); break;
                case RtaPriority when value.Length == 4: metric = BinaryPrimitives.ReadInt32LittleEndian(value); break;
            }
        }

        // A link-local next hop (fe80::1) only means something with its device: OutputIndex, as ip shows "via fe80::1 dev X".
        var family = size == 16 ? global::System.Net.Sockets.AddressFamily.InterNetworkV6 : global::System.Net.Sockets.AddressFamily.InterNetwork;
        return new RouteChanged(at, table, destination, body[1], gateway, oif, body[5], removed, family, metric);
    }

    /// <summary>The address size of a family this parser reads (IPv4 4, IPv6 16), or null for any other.</summary>
    private static int? AddressLength(byte family) => family switch
    {
        AfInet => 4,
        AfInet6 => 16,
        _ => null,
    };

    private static List<(ushort Type, byte[] Value)> Attributes(ReadOnlySpan<byte> data)
    {
        var attributes = new List<(ushort, byte[])>();
        var offset = 0;
        while (offset + 4 <= data.Length)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            if (length < 4 || offset + length > data.Length)
            {
                break;
            }

            var type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(data[(offset + 2)..]) & 0x3fff);
            attributes.Add((type, data.Slice(offset + 4, length - 4).ToArray()));
            offset += Align(length);
        }

        return attributes;
    }

    private static string CString(byte[] value) => Encoding.ASCII.GetString(value).TrimEnd('\0');

    private static int Align(int length) => (length + 3) & ~3;
}
