using System.Net;
using Multiwan.Kernel;

namespace Multiwan.Netlink;

/// <summary>
/// Parses RTM_NEWROUTE and RTM_NEWRULE dump replies (IPv4 and IPv6, <see cref="PlannedRoute.Ipv6"/>) into <see cref="KernelRoute"/> / <see cref="KernelRule"/>,
/// spelled as <c>ip</c> prints them: <c>default</c> or <c>addr[/len]</c>, scope and type names, device names.
/// </summary>
internal static class RouteMessages
{
    private const byte AfInet = 2;
    private const byte AfInet6 = 10;

    public static KernelRoute? Route(ReadOnlySpan<byte> body, IReadOnlyDictionary<int, string> names)
    {
        // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type, flags(4).
        if (body.Length < 12 || body[0] is not (AfInet or AfInet6))
        {
            return null;
        }

        var ipv6 = body[0] == AfInet6;
        int table = body[4];
        IPAddress? destination = null, gateway = null, source = null;
        string? device = null;
        int? metric = null;
        List<Nexthop> hops = [];
        foreach (var a in new NetlinkAttributes(body[12..]))
        {
            switch (a.Type)
            {
                case Rtnetlink.RtaDst: destination = a.Ip; break;
                case Rtnetlink.RtaGateway: gateway = a.Ip; break;
                case Rtnetlink.RtaOif: device = names.GetValueOrDefault(a.I32, a.I32.ToString(global::System.Globalization.CultureInfo.InvariantCulture)); break;
                case Rtnetlink.RtaPrefsrc: source = a.Ip; break;
                case Rtnetlink.RtaPriority: metric = a.I32; break;
                case Rtnetlink.RtaTable: table = a.I32; break;
                case Rtnetlink.RtaMultipath: hops = Nexthops(a.Value, names); break;
            }
        }

        var route = new PlannedRoute
        {
            Table = table,
            Ipv6 = ipv6,
            Type = Rtnetlink.TypeName(body[7]),
            Destination = body[1] == 0 ? "default" : Prefix(destination, body[1], ipv6),
            Via = gateway?.ToString(),
            Device = device,
            Source = source?.ToString(),
            Scope = Rtnetlink.ScopeName(body[6]),
            Metric = metric,
            Nexthops = hops,
        };
        return new KernelRoute(RouteNormal.Normalize(route), body[5]);
    }

    public static KernelRule? Rule(ReadOnlySpan<byte> body)
    {
        // struct fib_rule_hdr: family, dst_len, src_len, tos, table, res1, res2, action, flags(4).
        if (body.Length < 12 || body[0] is not (AfInet or AfInet6))
        {
            return null;
        }

        var ipv6 = body[0] == AfInet6;
        int table = body[4], priority = 0, protocol = 0;
        uint? mark = null, mask = null;
        IPAddress? source = null;
        string? oif = null;
        foreach (var a in new NetlinkAttributes(body[12..]))
        {
            switch (a.Type)
            {
                case Rtnetlink.FraPriority: priority = a.I32; break;
                case Rtnetlink.FraTable: table = a.I32; break;
                case Rtnetlink.FraFwmark: mark = a.U32; break;
                case Rtnetlink.FraFwmask: mask = a.U32; break;
                case Rtnetlink.FraSrc: source = a.Ip; break;
                case Rtnetlink.FraOifname: oif = a.Text; break;
                case Rtnetlink.FraProtocol: protocol = a.U8; break;
            }
        }

        var rule = new PlannedRule
        {
            Priority = priority,
            Ipv6 = ipv6,
            Table = table,
            FwMark = mark,
            FwMask = mask,
            From = body[2] == 0 || source is null ? null : Prefix(source, body[2], ipv6),
            OutputInterface = oif,
        };
        return new KernelRule(RouteNormal.Normalize(rule), protocol);
    }

    /// <summary>RTA_MULTIPATH: <c>struct rtnexthop</c> (len, flags, hops, ifindex) each followed by its attributes.</summary>
    private static List<Nexthop> Nexthops(ReadOnlySpan<byte> data, IReadOnlyDictionary<int, string> names)
    {
        var hops = new List<Nexthop>();
        var offset = 0;
        while (offset + 8 <= data.Length)
        {
            var length = global::System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            if (length < 8 || offset + length > data.Length)
            {
                break;
            }

            var index = global::System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(data[(offset + 4)..]);
            IPAddress? gateway = null;
            foreach (var a in new NetlinkAttributes(data.Slice(offset + 8, length - 8)))
            {
                gateway = a.Type == Rtnetlink.RtaGateway ? a.Ip : gateway;
            }

            hops.Add(new Nexthop(gateway?.ToString(), names.GetValueOrDefault(index, ""), data[offset + 3] + 1));
            offset += (length + 3) & ~3;
        }

        return hops;
    }

    private static string Prefix(IPAddress? address, int length, bool ipv6) =>
        address is null ? "default" : length == (ipv6 ? 128 : 32) ? address.ToString() : $"{address}/{length}";
}
