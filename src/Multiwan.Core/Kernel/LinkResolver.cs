using System.Net;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Gives each link its kernel identity from its slot (<see cref="LinkSlots"/>: mark, table, rule priorities; by
/// position when no slots are given), and fills in its device, address and gateway from the facts or with named
/// placeholders.
/// </summary>
internal static class LinkResolver
{
    /// <summary>Devices routed by device only when no facts say otherwise.</summary>
    private static readonly string[] PointToPointPrefixes = ["ppp", "tun", "wg"];

    public static IReadOnlyList<ResolvedLink> Resolve(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState> states,
        IReadOnlyDictionary<string, LinkFacts> facts,
        ICollection<string> placeholders,
        LinkSlots? slots = null,
        IReadOnlyDictionary<string, LinkState>? states6 = null)
    {
        var kernel = config.Kernel;
        slots ??= LinkSlots.ByPosition(config);
        var capacity = LinkSlots.Capacity(kernel);
        var links = new List<ResolvedLink>();
        foreach (var link in config.Links)
        {
            var slot = slots.SlotOf(link.Name);
            if (slot < 0 || slot >= capacity)
            {
                throw new InvalidOperationException(
                    $"link {link.Name}: slot {slot} does not fit the kernel ranges (mark_mask 0x{kernel.MarkMask:x}, table_first..table_last, rule_priority_first..rule_priority_last hold {capacity} links)");
            }

            facts.TryGetValue(link.Name, out var fact);
            var device = fact?.Device ?? DeviceOf(link.Interface);
            // An IPv6-only link (ipv4: false) never needs an IPv4 address or gateway: no placeholder, never usable for IPv4.
            var ipv4 = link.Ipv4 ? placeholders : [];
            var address = link.Source ?? fact?.Address?.ToString();
            if (address is null)
            {
                address = Placeholder(link, "address", ipv4);
            }

            links.Add(new ResolvedLink(
                link, NftSyntax.Id(link.Name), device, slot, LinkSlots.Mark(kernel, slot), LinkSlots.Table(kernel, slot), address, !address.StartsWith('<'),
                link.Ipv4 ? GatewayOf(link, fact, device, placeholders) : null, Policy.PolicyEngine.StateOf(link, states))
            {
                Usable = link.Ipv4 && fact is not { NoAddress: true },
                Ipv6 = link.Ipv6 is { } ipv6 ? ResolveIpv6(link, ipv6, fact, device, states6 ?? states, placeholders) : null,
            });
        }

        return links;
    }

    private static ResolvedIpv6 ResolveIpv6(
        LinkConfig link, LinkIpv6Config ipv6, LinkFacts? fact, string device, IReadOnlyDictionary<string, LinkState> states, ICollection<string> placeholders)
    {
        var address = ipv6.Source ?? fact?.Ipv6?.Address?.ToString() ?? Placeholder(link, "ipv6.address", placeholders);
        string? gateway = ipv6.Gateway;
        if (string.Equals(gateway, "auto", StringComparison.OrdinalIgnoreCase))
        {
            var pointToPoint = fact?.PointToPoint ?? LooksPointToPoint(device);
            gateway = fact?.Ipv6?.Gateway?.ToString() ?? (pointToPoint ? null : Placeholder(link, "ipv6.gateway", placeholders));
        }

        return new ResolvedIpv6(address, !address.StartsWith('<'), gateway, Policy.PolicyEngine.StateOf(link, states), ipv6.Prefix)
        {
            Usable = fact?.Ipv6 is not { NoAddress: true } && fact is not { NoAddress: true, Up: false },
        };
    }

    /// <summary>The IPv6 connected routes copied into every link's IPv6 table: those the facts list, once each.</summary>
    public static IReadOnlyList<ConnectedRoute> ConnectedRoutes6(MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts> facts) =>
        [.. config.Links.SelectMany(l => facts.GetValueOrDefault(l.Name)?.Ipv6?.ConnectedRoutes ?? []).DistinctBy(r => (r.Prefix, r.Device))];

    /// <summary>The states with every link whose facts show no address (<see cref="LinkFacts.NoAddress"/>) offline: such a link cannot carry traffic.</summary>
    public static IReadOnlyDictionary<string, LinkState> WithoutAddresslessLinks(
        MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkFacts> facts)
    {
        var unusable = config.Links.Where(l => facts.GetValueOrDefault(l.Name) is { NoAddress: true }).Select(l => l.Name).ToList();
        return Offline(states, unusable);
    }

    /// <summary>The IPv6 states with every link whose facts show no global IPv6 address (or no device) offline for IPv6.</summary>
    public static IReadOnlyDictionary<string, LinkState> WithoutAddresslessLinks6(
        MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states6, IReadOnlyDictionary<string, LinkFacts> facts)
    {
        var unusable = config.Links
            .Where(l => l.Ipv6 is not null && facts.GetValueOrDefault(l.Name) is { } f && (f.Ipv6 is { NoAddress: true } || f is { NoAddress: true, Up: false }))
            .Select(l => l.Name)
            .ToList();
        return Offline(states6, unusable);
    }

    /// <summary><paramref name="states"/> with <paramref name="unusable"/> offline (a disabled one stays disabled).</summary>
    private static IReadOnlyDictionary<string, LinkState> Offline(IReadOnlyDictionary<string, LinkState> states, List<string> unusable)
    {
        if (unusable.Count == 0)
        {
            return states;
        }

        var adjusted = new Dictionary<string, LinkState>(states);
        foreach (var name in unusable.Where(n => !adjusted.TryGetValue(n, out var s) || s != LinkState.Disabled))
        {
            adjusted[name] = LinkState.Offline;
        }

        return adjusted;
    }

    /// <summary>
    /// The connected routes copied into every link's table: those the facts list (every interface's), plus each
    /// link's own subnet when its address and prefix are known. Duplicates (same prefix and device) once.
    /// </summary>
    public static IReadOnlyList<ConnectedRoute> ConnectedRoutes(MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts> facts)
    {
        var routes = new List<ConnectedRoute>();
        foreach (var link in config.Links)
        {
            if (!facts.TryGetValue(link.Name, out var fact))
            {
                continue;
            }

            routes.AddRange(fact.ConnectedRoutes);
            if (fact.Address is { } address && !fact.PointToPoint && fact.PrefixLength is > 0 and < 32)
            {
                routes.Add(new ConnectedRoute(Network(address, fact.PrefixLength), fact.Device, address));
            }
        }

        return [.. routes.DistinctBy(r => (r.Prefix, r.Device))];
    }

    /// <summary>Without facts, ppp, tun and wg devices are taken as point-to-point (routed by device only).</summary>
    public static bool LooksPointToPoint(string device) =>
        PointToPointPrefixes.Any(p => device.StartsWith(p, StringComparison.Ordinal));

    /// <summary>An alias such as <c>eth0:1</c> is its device <c>eth0</c>.</summary>
    public static string DeviceOf(string configInterface)
    {
        var colon = configInterface.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? configInterface : configInterface[..colon];
    }

    private static string? GatewayOf(LinkConfig link, LinkFacts? fact, string device, ICollection<string> placeholders)
    {
        if (!string.Equals(link.Gateway, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return link.Gateway;
        }

        if (fact?.Gateway is { } gateway)
        {
            return gateway.ToString();
        }

        var pointToPoint = fact?.PointToPoint ?? LooksPointToPoint(device);
        return pointToPoint ? null : Placeholder(link, "gateway", placeholders);
    }

    private static string Placeholder(LinkConfig link, string fact, ICollection<string> placeholders)
    {
        var name = $"<{link.Name}.{fact}>";
        placeholders.Add(name);
        return name;
    }

    private static string Network(IPAddress address, int prefixLength)
    {
        var bytes = address.GetAddressBytes();
        var value = (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
        var network = value & (uint.MaxValue << (32 - prefixLength));
        return $"{network >> 24}.{(network >> 16) & 0xff}.{(network >> 8) & 0xff}.{network & 0xff}/{prefixLength}";
    }
}
