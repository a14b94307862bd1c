namespace Multiwan.Lab;

/// <summary>
/// The lab's IPv6 half, as ip and nft lines per namespace (<see cref="LabTopology"/> runs them after the IPv4 half):
/// each ISP's uplink /64 with the link-local next hop fe80::1, its delegated /56 routed to the router, BCP38 and the
/// ULA watch; the internet's routes back to each ISP's /48 and the IPv6 targets; the LAN's ULA and one address per
/// delegated prefix. Every address is added with <c>nodad</c> (and DAD is off in every namespace), so it is usable at once.
/// </summary>
internal static class LabIpv6
{
    /// <summary>The ULA prefix of the LAN (the router is ::1, the client ::2).</summary>
    public const string LanUla = "fd00:50::/64";

    /// <summary>Sysctls for every namespace: forwarding, and no duplicate address detection.</summary>
    public static readonly string[] Sysctls =
    [
        "net.ipv6.conf.all.forwarding=1",
        "net.ipv6.conf.all.accept_dad=0",
        "net.ipv6.conf.default.accept_dad=0",
        "net.ipv6.conf.default.dad_transmits=0",
    ];

    public static IEnumerable<string> Isp(LabIsp isp) =>
    [
        $"addr add {isp.Gateway6}/{isp.PrefixLength6} dev {isp.IspDevice} nodad",
        $"addr add {isp.LinkLocalGateway}/64 dev {isp.IspDevice} nodad",
        $"addr add {isp.InternetAddress6}/64 dev {isp.UpstreamDevice} nodad",
        $"route add default via {isp.UpstreamGateway6} dev {isp.UpstreamDevice}",
        DelegationRoute(isp),
    ];

    /// <summary>
    /// The ISP's IPv6 on <c>cust0</c> again after an admin down there (a carrier fault): the kernel flushed its addresses
    /// (<c>keep_addr_on_down</c> is 0) and the delegation route via the device.
    /// </summary>
    public static IEnumerable<string> IspCustomerSide(LabIsp isp) =>
    [
        $"addr replace {isp.Gateway6}/{isp.PrefixLength6} dev {isp.IspDevice} nodad",
        $"addr replace {isp.LinkLocalGateway}/64 dev {isp.IspDevice} nodad",
        DelegationRoute(isp),
    ];

    /// <summary>The ISP's route for the customer prefix toward the router's WAN address.</summary>
    public static string DelegationRoute(LabIsp isp) => $"route replace {isp.DelegatedPrefix} via {isp.RouterAddress6} dev {isp.IspDevice}";

    /// <summary>
    /// BCP38 and the watch, in one table per ISP: whatever arrives from the router with a ULA source is counted
    /// (<c>ula_from_router</c>, before anything else sees it); whatever it would forward from a source outside its own
    /// /48 is counted (<c>foreign_from_router</c>) and dropped.
    /// </summary>
    public static string Filter(LabIsp isp) => $$"""
        table inet mwlabv6 {
          counter ula_from_router {}
          counter foreign_from_router {}
          chain watch {
            type filter hook prerouting priority -300; policy accept;
            iifname "{{isp.IspDevice}}" ip6 saddr fc00::/7 counter name "ula_from_router"
          }
          chain bcp38 {
            type filter hook forward priority filter - 20; policy accept;
            iifname "{{isp.IspDevice}}" ip6 saddr != {{isp.OwnPrefix}} counter name "foreign_from_router" drop
          }
        }

        """;

    public static IEnumerable<string> Internet(IEnumerable<LabIsp> isps, IEnumerable<global::System.Net.IPAddress> targets) =>
    [
        .. targets.Select(t => $"addr add {t}/128 dev lo nodad"),
        .. isps.SelectMany(i => new[]
        {
            $"addr add {i.UpstreamGateway6}/64 dev isp{i.Index} nodad",
            $"route add {i.OwnPrefix} via {i.InternetAddress6} dev isp{i.Index}",
        }),
    ];

    public static IEnumerable<string> Lan(LabTopology lab) =>
    [
        $"addr add {lab.LanClientAddress6}/64 dev {lab.ClientDevice} nodad",
        .. lab.Isps.Select(i => $"addr add {i.LanClientAddress6}/64 dev {lab.ClientDevice} nodad"),
        $"route add default via {lab.RouterLanAddress6} dev {lab.ClientDevice}",
    ];

    public static IEnumerable<string> Router(LabTopology lab) =>
    [
        $"addr add {lab.RouterLanAddress6}/64 dev {lab.LanDevice} nodad",
        .. lab.Isps.Select(i => $"addr add {i.RouterLanAddress6}/64 dev {lab.LanDevice} nodad"),
        .. lab.Isps.SelectMany(Wan),
    ];

    /// <summary>The router's WAN address and its default via fe80::1 (<c>proto ra</c>, metric 100+N), as SLAAC and a router advertisement leave them.</summary>
    public static IEnumerable<string> Wan(LabIsp isp) =>
    [
        $"addr replace {isp.RouterCidr6} dev {isp.RouterDevice} nodad",
        DefaultRoute(isp),
    ];

    public static string DefaultRoute(LabIsp isp) =>
        $"route replace default via {isp.LinkLocalGateway} dev {isp.RouterDevice} proto ra metric {isp.Metric}";
}
