using System.Net;
using Multiwan.Kernel;

namespace Multiwan.Netlink;

/// <summary>
/// Encodes a <see cref="RouteChange"/> as the rtnetlink message <c>ip</c> sends for the same batch line:
/// RTM_NEWROUTE (create, replace), RTM_DELROUTE, RTM_NEWRULE (create, exclusive), RTM_DELRULE, each acknowledged.
/// A device that does not exist is an error value (<c>Cannot find device "X"</c>), as with ip.
/// </summary>
internal static class RouteRequests
{
    private const byte AfInet = 2;
    private const byte AfInet6 = 10;
    private const byte ToTable = 1;

    public static string? Write(NetlinkBuilder b, uint sequence, RouteChange change, int protocol, IReadOnlyDictionary<string, int> indexes)
    {
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(change);
        return change.Kind switch
        {
            RouteChangeKind.ReplaceRoute => Route(b, sequence, change.Route!, protocol, indexes, delete: false),
            RouteChangeKind.DeleteRoute => Route(b, sequence, change.Route!, protocol, indexes, delete: true),
            RouteChangeKind.AddRule => Rule(b, sequence, change.Rule!, protocol, delete: false),
            _ => Rule(b, sequence, change.Rule!, protocol, delete: true),
        };
    }

    private static string? Route(NetlinkBuilder b, uint sequence, PlannedRoute route, int protocol, IReadOnlyDictionary<string, int> indexes, bool delete)
    {
        var devices = route.Nexthops.Select(h => h.Device).Append(route.Device).OfType<string>();
        if (!delete && devices.FirstOrDefault(d => !indexes.ContainsKey(d)) is { } missing)
        {
            return $"Cannot find device \"{missing}\"";
        }

        var (destination, length) = Prefix(route.Destination, route.Ipv6);
        b.Begin(delete ? Rtnetlink.DelRoute : Rtnetlink.NewRoute, (ushort)(NetlinkBuilder.Request | NetlinkBuilder.Ack | (delete ? 0 : NetlinkBuilder.Create | NetlinkBuilder.Replace)), sequence);
        var type = Rtnetlink.TypeOf(route.Type);
        var header = b.Fixed(12);
        header[0] = route.Ipv6 ? AfInet6 : AfInet;
        header[1] = length;
        header[4] = route.Table < 256 ? (byte)route.Table : (byte)0;
        header[5] = (byte)protocol;
        header[6] = delete ? Rtnetlink.ScopeNowhere : Scope(route, type);
        header[7] = type;
        b.U32(Rtnetlink.RtaTable, (uint)route.Table);
        if (destination is not null)
        {
            b.Address(Rtnetlink.RtaDst, destination);
        }

        if (route.Metric is { } metric)
        {
            b.U32(Rtnetlink.RtaPriority, (uint)metric);
        }

        if (delete)
        {
            b.End();
            return null;
        }

        if (route.Via is not null)
        {
            b.Address(Rtnetlink.RtaGateway, IPAddress.Parse(route.Via));
        }

        if (route.Device is not null)
        {
            b.U32(Rtnetlink.RtaOif, (uint)indexes[route.Device]);
        }

        if (route.Source is not null)
        {
            b.Address(Rtnetlink.RtaPrefsrc, IPAddress.Parse(route.Source));
        }

        if (route.Nexthops.Count > 0)
        {
            var multipath = b.BeginNested(Rtnetlink.RtaMultipath);
            foreach (var hop in route.Nexthops)
            {
                var at = b.Length;
                var nexthop = b.Raw(8); // struct rtnexthop: len, flags, hops (weight - 1), ifindex.
                nexthop[3] = (byte)Math.Clamp(hop.Weight - 1, 0, 255);
                global::System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(nexthop[4..], indexes[hop.Device]);
                if (hop.Via is not null)
                {
                    b.Address(Rtnetlink.RtaGateway, IPAddress.Parse(hop.Via));
                }

                b.EndLength(at);
            }

            b.EndLength(multipath);
        }

        b.End();
        return null;
    }

    private static string? Rule(NetlinkBuilder b, uint sequence, PlannedRule rule, int protocol, bool delete)
    {
        var (source, length) = rule.From is null ? (null, (byte)0) : Prefix(rule.From, rule.Ipv6);
        b.Begin(delete ? Rtnetlink.DelRule : Rtnetlink.NewRule, (ushort)(NetlinkBuilder.Request | NetlinkBuilder.Ack | (delete ? 0 : NetlinkBuilder.Create | NetlinkBuilder.Excl)), sequence);
        var header = b.Fixed(12);
        header[0] = rule.Ipv6 ? AfInet6 : AfInet;
        header[2] = length;
        header[4] = rule.Table < 256 ? (byte)rule.Table : (byte)0;
        header[7] = ToTable;
        b.U32(Rtnetlink.FraPriority, (uint)rule.Priority);
        b.U32(Rtnetlink.FraTable, (uint)rule.Table);
        if (rule.FwMark is { } mark)
        {
            b.U32(Rtnetlink.FraFwmark, mark);
            if (rule.FwMask is { } mask)
            {
                b.U32(Rtnetlink.FraFwmask, mask);
            }
        }

        if (source is not null)
        {
            b.Address(Rtnetlink.FraSrc, source);
        }

        if (rule.OutputInterface is not null)
        {
            b.Text(Rtnetlink.FraOifname, rule.OutputInterface);
        }

        b.U8(Rtnetlink.FraProtocol, (byte)protocol);
        b.End();
        return null;
    }

    /// <summary>As ip: a unicast route with neither gateway nor next hops is scope link; everything else global.</summary>
    private static byte Scope(PlannedRoute route, byte type) =>
        route.Scope is { } scope ? Rtnetlink.ScopeOf(scope)
        : type == Rtnetlink.Unicast && route.Via is null && route.Nexthops.Count == 0 ? Rtnetlink.ScopeLink
        : Rtnetlink.ScopeUniverse;

    private static (IPAddress? Address, byte Length) Prefix(string text, bool ipv6)
    {
        if (text == "default")
        {
            return (null, 0);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? (IPAddress.Parse(text), ipv6 ? (byte)128 : (byte)32)
            : (IPAddress.Parse(text[..slash]), byte.Parse(text[(slash + 1)..], global::System.Globalization.CultureInfo.InvariantCulture));
    }
}
