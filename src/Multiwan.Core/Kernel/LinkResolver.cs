using System.Net;
using System.Numerics;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Gives each link (in config order, index i) its mark <c>(i+1) &lt;&lt; lowest bit of the mask</c> and table
/// <c>table_first + i</c>, and fills in its device, address and gateway from the facts or with named placeholders.
/// </summary>
internal static class LinkResolver
{
    /// <summary>Devices routed by device only when no facts say otherwise.</summary>
    private static readonly string[] PointToPointPrefixes = ["ppp", "tun", "wg"];

    public static IReadOnlyList<ResolvedLink> Resolve(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState> states,
        IReadOnlyDictionary<string, LinkFacts> facts,
        ICollection<string> placeholders)
    {
        var kernel = config.Kernel;
        var shift = BitOperations.TrailingZeroCount(kernel.MarkMask);
        var links = new List<ResolvedLink>();
        for (var i = 0; i < config.Links.Count; i++)
        {
            var link = config.Links[i];
            var mark = MarkOf(kernel, i);
            if (kernel.MarkMask == 0 || (mark & ~kernel.MarkMask) != 0 || mark >> shift != (uint)(i + 1))
            {
                throw new InvalidOperationException($"kernel.mark_mask 0x{kernel.MarkMask:x} has no room for {config.Links.Count} links");
            }

            var table = kernel.TableFirst + i;
            if (table > kernel.TableLast)
            {
                throw new InvalidOperationException($"kernel.table_first..table_last has no room for {config.Links.Count} links");
            }

            facts.TryGetValue(link.Name, out var fact);
            var device = fact?.Device ?? DeviceOf(link.Interface);
            var address = link.Source ?? fact?.Address?.ToString();
            if (address is null)
            {
                address = Placeholder(link, "address", placeholders);
            }

            links.Add(new ResolvedLink(
                link, NftSyntax.Id(link.Name), device, mark, table, address, !address.StartsWith('<'),
                GatewayOf(link, fact, device, placeholders), Policy.PolicyEngine.StateOf(link, states)));
        }

        return links;
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

    /// <summary>The mark of the link at <paramref name="index"/>: <c>(index+1) &lt;&lt; lowest set bit of mark_mask</c> (unchecked; <see cref="Resolve"/> checks it fits).</summary>
    public static uint MarkOf(KernelConfig kernel, int index) =>
        kernel.MarkMask == 0 ? 0 : (uint)(index + 1) << BitOperations.TrailingZeroCount(kernel.MarkMask);

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
