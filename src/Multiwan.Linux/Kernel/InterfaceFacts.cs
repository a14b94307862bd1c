using System.Globalization;
using System.Net;
using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.System;

namespace Multiwan.Kernel;

/// <summary>
/// Reads what the planner needs to know about each configured link from the kernel: <c>ip -j addr show</c> (address,
/// prefix, POINTOPOINT, UP/LOWER_UP; an alias <c>eth0:1</c> picks that label's address) and
/// <c>ip -N -j route show table main</c> (the gateway of the default route the interface's DHCP/static config
/// installed — never one of ours — and every connected route).
/// </summary>
public static class InterfaceFacts
{
    private const string KernelProtocol = "2";
    private const string LinkScope = "253";

    /// <summary>Facts per link name; a gateway that vanished (device taken down) is kept from <paramref name="previous"/>.</summary>
    public static async Task<FactsReadResult> ReadAsync(
        ICommandRunner runner, MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts>? previous, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(config);
        var addr = await runner.RunAsync(["ip", "-j", "addr", "show"], null, cancellationToken).ConfigureAwait(false);
        if (!addr.Succeeded)
        {
            return new FactsReadResult(new Dictionary<string, LinkFacts>(), addr.Describe());
        }

        var route = await runner.RunAsync(["ip", "-N", "-j", "route", "show", "table", "main"], null, cancellationToken).ConfigureAwait(false);
        if (!route.Succeeded)
        {
            return new FactsReadResult(new Dictionary<string, LinkFacts>(), route.Describe());
        }

        return new FactsReadResult(Parse(config, addr.Stdout, route.Stdout, previous), null);
    }

    public static IReadOnlyDictionary<string, LinkFacts> Parse(
        MultiwanConfig config, string addrJson, string mainRoutesJson, IReadOnlyDictionary<string, LinkFacts>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        using var addrs = JsonDocument.Parse(addrJson);
        using var routes = JsonDocument.Parse(mainRoutesJson);
        var protocol = config.Kernel.Protocol.ToString(CultureInfo.InvariantCulture);
        var main = routes.RootElement.EnumerateArray().Where(r => Str(r, "protocol") != protocol).ToList();
        List<ConnectedRoute> connected = [.. main
            .Where(r => Str(r, "dst") is { } dst && dst != "default" && Str(r, "protocol") == KernelProtocol && Str(r, "scope") == LinkScope && Str(r, "type") is null)
            .Select(r => new ConnectedRoute(Str(r, "dst")!, Str(r, "dev") ?? "", Str(r, "prefsrc") is { } src ? IPAddress.Parse(src) : null))];

        var facts = new Dictionary<string, LinkFacts>();
        foreach (var link in config.Links)
        {
            var device = LinkResolver.DeviceOf(link.Interface);
            var iface = addrs.RootElement.EnumerateArray().FirstOrDefault(i => Str(i, "ifname") == device);
            if (iface.ValueKind != JsonValueKind.Object)
            {
                facts[link.Name] = new LinkFacts { Device = device, Up = false, ConnectedRoutes = connected };
                continue;
            }

            var flags = iface.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
            var (address, prefix) = AddressOf(link, iface);
            var pointToPoint = flags.Contains("POINTOPOINT");
            var gateway = pointToPoint ? null : GatewayOf(main, device, address, prefix);
            if (gateway is null && !pointToPoint && previous is not null && previous.TryGetValue(link.Name, out var before) && before.Device == device)
            {
                gateway = before.Gateway;
            }

            facts[link.Name] = new LinkFacts
            {
                Device = device,
                Address = address,
                PrefixLength = prefix,
                Gateway = gateway,
                PointToPoint = pointToPoint,
                Up = flags.Contains("UP") && flags.Contains("LOWER_UP"),
                ConnectedRoutes = connected,
            };
        }

        return facts;
    }

    private static (IPAddress? Address, int Prefix) AddressOf(LinkConfig link, JsonElement iface)
    {
        if (!iface.TryGetProperty("addr_info", out var info))
        {
            return (null, 0);
        }

        var inet = info.EnumerateArray().Where(a => Str(a, "family") == "inet" && Str(a, "local") is not null).ToList();
        var chosen = link.Source is { } source
            ? inet.FirstOrDefault(a => Str(a, "local") == source)
            : link.Interface.Contains(':', StringComparison.Ordinal)
                ? inet.FirstOrDefault(a => Str(a, "label") == link.Interface)
                : inet.FirstOrDefault(a => !a.TryGetProperty("secondary", out _));
        if (chosen.ValueKind != JsonValueKind.Object)
        {
            return (link.Source is { } s && IPAddress.TryParse(s, out var parsed) ? parsed : null, 0);
        }

        return (IPAddress.Parse(Str(chosen, "local")!), chosen.TryGetProperty("prefixlen", out var p) ? p.GetInt32() : 32);
    }

    /// <summary>The lowest-metric default route out of <paramref name="device"/>, preferring a gateway inside the link's own subnet.</summary>
    private static IPAddress? GatewayOf(List<JsonElement> main, string device, IPAddress? address, int prefix)
    {
        var candidates = new List<(IPAddress Gateway, int Metric)>();
        foreach (var r in main.Where(r => Str(r, "dst") == "default" && Str(r, "type") is null))
        {
            var metric = r.TryGetProperty("metric", out var m) ? m.GetInt32() : 0;
            if (Str(r, "dev") == device && Str(r, "gateway") is { } gw)
            {
                candidates.Add((IPAddress.Parse(gw), metric));
            }

            if (r.TryGetProperty("nexthops", out var hops))
            {
                candidates.AddRange(hops.EnumerateArray()
                    .Where(h => Str(h, "dev") == device && Str(h, "gateway") is not null)
                    .Select(h => (IPAddress.Parse(Str(h, "gateway")!), metric)));
            }
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

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;
}
