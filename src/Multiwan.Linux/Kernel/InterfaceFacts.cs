using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>
/// Reads what the planner needs to know about each configured link from the kernel (rtnetlink dumps): the
/// interfaces (address, prefix, POINTOPOINT, UP/LOWER_UP; an alias <c>eth0:1</c> picks that label's address) and
/// the main table (the gateway of the default route the interface's DHCP/static config installed — never one of
/// ours — and every connected route).
/// </summary>
public static class InterfaceFacts
{
    private const int KernelProtocol = 2;

    /// <summary>Facts per link name; a gateway that vanished (device taken down) is kept from <paramref name="previous"/>.</summary>
    public static async Task<FactsReadResult> ReadAsync(
        IKernelIo io, MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts>? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(io);
        ArgumentNullException.ThrowIfNull(config);
        var interfaces = await io.ReadInterfacesAsync(cancellationToken).ConfigureAwait(false);
        var routes = await io.ReadRoutesAsync(cancellationToken).ConfigureAwait(false);
        if ((interfaces.Error ?? routes.Error) is { } error)
        {
            return new FactsReadResult(new Dictionary<string, LinkFacts>(), error);
        }

        return new FactsReadResult(Parse(config, interfaces.Interfaces, routes.Routes.Where(r => r.Route.Table == RouteNormal.MainTable).ToList(), previous), null);
    }

    public static IReadOnlyDictionary<string, LinkFacts> Parse(
        MultiwanConfig config, IReadOnlyList<KernelInterface> interfaces, IReadOnlyList<KernelRoute> mainRoutes, IReadOnlyDictionary<string, LinkFacts>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(mainRoutes);
        var main = mainRoutes.Where(r => r.Protocol != config.Kernel.Protocol && !r.Route.Ipv6).Select(r => r.Route).ToList();
        var connected = ConnectedRoutes(mainRoutes.Where(r => !r.Route.Ipv6));
        var main6 = mainRoutes.Where(r => r.Protocol != config.Kernel.Protocol && r.Route.Ipv6).ToList();
        var facts = new Dictionary<string, LinkFacts>();
        foreach (var link in config.Links)
        {
            var device = LinkResolver.DeviceOf(link.Interface);
            var iface = interfaces.FirstOrDefault(i => i.Name == device);
            if (iface is null)
            {
                facts[link.Name] = new LinkFacts
                {
                    Device = device,
                    Up = false,
                    NoAddress = true,
                    ConnectedRoutes = connected,
                    Ipv6 = link.Ipv6 is null ? null : new Ipv6Facts { NoAddress = true, ConnectedRoutes = Ipv6InterfaceFacts.ConnectedRoutes(main6) },
                };
                continue;
            }

            var (address, prefix) = AddressOf(link, iface);
            var gateway = iface.PointToPoint ? null : GatewayOf(main, device, address, prefix);
            if (gateway is null && !iface.PointToPoint && previous is not null && previous.TryGetValue(link.Name, out var before) && before.Device == device)
            {
                gateway = before.Gateway;
            }

            facts[link.Name] = new LinkFacts
            {
                Device = device,
                Address = address,
                NoAddress = address is null || !iface.Addresses.Any(a => a.Local.Equals(address)),
                PrefixLength = prefix,
                Gateway = gateway,
                PointToPoint = iface.PointToPoint,
                Up = iface.Up && iface.LowerUp,
                ConnectedRoutes = connected,
                Ipv6 = link.Ipv6 is { } ipv6 ? Ipv6InterfaceFacts.Parse(ipv6, iface, main6, previous?.GetValueOrDefault(link.Name)?.Ipv6) : null,
            };
        }

        return facts;
    }

    /// <summary>Every <c>proto kernel scope link</c> unicast route of the main table (IPv4).</summary>
    private static List<ConnectedRoute> ConnectedRoutes(IEnumerable<KernelRoute> mainRoutes) => [.. mainRoutes
        .Where(r => r.Protocol == KernelProtocol && r.Route.Destination != "default" && r.Route.Scope == "link" && r.Route.Type is null)
        .Select(r => new ConnectedRoute(r.Route.Destination, r.Route.Device ?? "", r.Route.Source is { } src ? IPAddress.Parse(src) : null))];

    private static (IPAddress? Address, int Prefix) AddressOf(LinkConfig link, KernelInterface iface)
    {
        var chosen = link.Source is { } source
            ? iface.Addresses.FirstOrDefault(a => a.Local.ToString() == source)
            : link.Interface.Contains(':', StringComparison.Ordinal)
                ? iface.Addresses.FirstOrDefault(a => a.Label == link.Interface)
                : iface.Addresses.FirstOrDefault(a => !a.Secondary);
        if (chosen is null)
        {
            return (link.Source is { } s && IPAddress.TryParse(s, out var parsed) ? parsed : null, 0);
        }

        return (chosen.Local, chosen.PrefixLength);
    }

    /// <summary>The lowest-metric default route out of <paramref name="device"/>, preferring a gateway inside the link's own subnet.</summary>
    private static IPAddress? GatewayOf(List<PlannedRoute> main, string device, IPAddress? address, int prefix)
    {
        var candidates = new List<(IPAddress Gateway, int Metric)>();
        foreach (var r in main.Where(r => r.Destination == "default" && r.Type is null))
        {
            var metric = r.Metric ?? 0;
            if (r.Device == device && r.Via is { } gw)
            {
                candidates.Add((IPAddress.Parse(gw), metric));
            }

            candidates.AddRange(r.Nexthops.Where(h => h.Device == device && h.Via is not null).Select(h => (IPAddress.Parse(h.Via!), metric)));
        }

        return candidates
            .OrderBy(c => address is not null && prefix > 0 && SameSubnet(c.Gateway, address, prefix) ? 0 : 1)
            .ThenBy(c => c.Metric)
            .Select(c => c.Gateway)
            .FirstOrDefault();
    }

    private static bool SameSubnet(IPAddress a, IPAddress b, int prefix)
    {
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        if (x.Length != 4 || y.Length != 4)
        {
            return false;
        }

        var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
        return ((ToUInt(x) ^ ToUInt(y)) & mask) == 0;
    }

    private static uint ToUInt(byte[] b) => (uint)b[0] << 24 | (uint)b[1] << 16 | (uint)b[2] << 8 | b[3];
}
