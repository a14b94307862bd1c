using System.Net;

namespace Multiwan.Kernel;

/// <summary>
/// The IPv6 half of <see cref="InterfaceFacts"/>: a link's global source address (the configured one, else the first
/// global address that is neither temporary, deprecated nor tentative, a non-ULA one first), its next hop (the
/// lowest-metric IPv6 default route out of its device that is not ours: router advertisement, DHCPv6 or static,
/// usually link-local; the previous one is kept when it vanished) and the IPv6 connected prefixes of every interface.
/// </summary>
internal static class Ipv6InterfaceFacts
{
    private const int KernelProtocol = 2;
    private const int RaProtocol = 9;

    public static Ipv6Facts Parse(Configuration.LinkIpv6Config config, KernelInterface iface, IReadOnlyList<KernelRoute> main6, Ipv6Facts? previous)
    {
        var candidates = iface.Addresses6.Where(a => a.Scope == 0 && !a.Secondary && !a.Unpreferred && !IsUniqueLocal(a.Local)).ToList();
        var chosen = config.Source is { } source
            ? iface.Addresses6.FirstOrDefault(a => a.Local.Equals(IPAddress.Parse(source)))
            : candidates.FirstOrDefault()
              ?? iface.Addresses6.FirstOrDefault(a => a.Scope == 0 && !a.Unpreferred);
        var gateway = iface.PointToPoint ? null : GatewayOf(main6, iface.Name) ?? previous?.Gateway;
        return new Ipv6Facts
        {
            Address = chosen?.Local ?? (config.Source is { } s ? IPAddress.Parse(s) : null),
            NoAddress = chosen is null,
            PrefixLength = chosen?.PrefixLength ?? 0,
            Gateway = gateway,
            ConnectedRoutes = ConnectedRoutes(main6),
        };
    }

    /// <summary>On-link IPv6 prefixes (kernel or router-advertisement routes by device only), link-local and multicast left out.</summary>
    public static IReadOnlyList<ConnectedRoute> ConnectedRoutes(IEnumerable<KernelRoute> main6) => [.. main6
        .Where(r => r.Protocol is KernelProtocol or RaProtocol && r.Route.Type is null && r.Route.Via is null && r.Route.Nexthops.Count == 0
            && r.Route.Device is not null && r.Route.Destination != "default" && !IsLinkLocalOrMulticast(r.Route.Destination))
        .Select(r => new ConnectedRoute(r.Route.Destination, r.Route.Device!, null))
        .DistinctBy(r => (r.Prefix, r.Device))];

    private static IPAddress? GatewayOf(IReadOnlyList<KernelRoute> main6, string device)
    {
        var candidates = new List<(IPAddress Gateway, int Metric)>();
        foreach (var r in main6.Select(r => r.Route).Where(r => r.Destination == "default" && r.Type is null))
        {
            var metric = r.Metric ?? RouteNormal.Ipv6DefaultMetric;
            if (r.Device == device && r.Via is { } gw)
            {
                candidates.Add((IPAddress.Parse(gw), metric));
            }

            candidates.AddRange(r.Nexthops.Where(h => h.Device == device && h.Via is not null).Select(h => (IPAddress.Parse(h.Via!), metric)));
        }

        return candidates.OrderBy(c => c.Metric).Select(c => c.Gateway).FirstOrDefault();
    }

    private static bool IsUniqueLocal(IPAddress address) => (address.GetAddressBytes()[0] & 0xfe) == 0xfc;

    private static bool IsLinkLocalOrMulticast(string prefix)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        return IPAddress.TryParse(slash < 0 ? prefix : prefix[..slash], out var address) && (address.IsIPv6LinkLocal || address.IsIPv6Multicast);
    }
}
