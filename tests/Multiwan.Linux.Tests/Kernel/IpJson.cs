using System.Globalization;
using System.Text.Json;

namespace Multiwan.Kernel;

/// <summary>
/// Test fixtures: <c>ip -j</c> output (as ip 6.1 prints it) read into the records the kernel I/O seam returns, so
/// the pure parts (route diff, interface facts) are fed the same kernel answers as before, written readably.
/// </summary>
internal static class IpJson
{
    public static List<KernelRoute> Routes(string json)
    {
        var routes = new List<KernelRoute>();
        using var doc = JsonDocument.Parse(Empty(json));
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            var route = new PlannedRoute
            {
                Table = Table(Str(r, "table")),
                Type = Str(r, "type"),
                Destination = Str(r, "dst") ?? "default",
                Via = Str(r, "gateway"),
                Device = Str(r, "dev"),
                Source = Str(r, "prefsrc"),
                Scope = Str(r, "scope") switch { "253" => "link", "254" => "host", "0" => null, var s => s },
                Metric = r.TryGetProperty("metric", out var m) ? m.GetInt32() : null,
                Nexthops = r.TryGetProperty("nexthops", out var hops)
                    ? [.. hops.EnumerateArray().Select(h => new Nexthop(Str(h, "gateway"), Str(h, "dev") ?? "", h.TryGetProperty("weight", out var w) ? w.GetInt32() : 1))]
                    : [],
            };
            routes.Add(new KernelRoute(RouteNormal.Normalize(route), Protocol(Str(r, "protocol"))));
        }

        return routes;
    }

    public static List<KernelRule> Rules(string json)
    {
        var rules = new List<KernelRule>();
        using var doc = JsonDocument.Parse(Empty(json));
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            var src = Str(r, "src");
            var rule = new PlannedRule
            {
                Priority = r.TryGetProperty("priority", out var p) ? p.GetInt32() : 0,
                Table = Table(Str(r, "table")),
                FwMark = Hex(Str(r, "fwmark")),
                FwMask = Hex(Str(r, "fwmask")),
                From = src is null or "all" ? null : r.TryGetProperty("srclen", out var len) ? $"{src}/{len.GetInt32()}" : src,
                OutputInterface = Str(r, "oif"),
            };
            rules.Add(new KernelRule(RouteNormal.Normalize(rule), Protocol(Str(r, "protocol"))));
        }

        return rules;
    }

    /// <summary><c>ip -j addr show</c> as interfaces with their IPv4 addresses.</summary>
    public static List<KernelInterface> Interfaces(string json)
    {
        using var doc = JsonDocument.Parse(Empty(json));
        return [.. doc.RootElement.EnumerateArray().Select(i =>
        {
            var flags = i.TryGetProperty("flags", out var f) ? f.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
            var addresses = i.TryGetProperty("addr_info", out var info)
                ? info.EnumerateArray()
                    .Where(a => Str(a, "family") == "inet" && Str(a, "local") is not null)
                    .Select(a => new KernelAddress(global::System.Net.IPAddress.Parse(Str(a, "local")!), a.TryGetProperty("prefixlen", out var p) ? p.GetInt32() : 32, Str(a, "label"), a.TryGetProperty("secondary", out _)))
                    .ToList()
                : [];
            return new KernelInterface(Str(i, "ifname") ?? "", flags.Contains("UP"), flags.Contains("LOWER_UP"), flags.Contains("POINTOPOINT"), addresses);
        })];
    }

    /// <summary><see cref="InterfaceFacts.Parse"/> fed with <c>ip -j addr show</c> and <c>ip -N -j route show table main</c>.</summary>
    public static IReadOnlyDictionary<string, LinkFacts> Facts(
        Configuration.MultiwanConfig config, string addrJson, string mainRoutesJson, IReadOnlyDictionary<string, LinkFacts>? previous = null) =>
        InterfaceFacts.Parse(config, Interfaces(addrJson), Routes(mainRoutesJson), previous);

    private static int Table(string? name) => name switch
    {
        null or "main" => RouteNormal.MainTable,
        "local" => 255,
        "default" => 253,
        _ => int.TryParse(name, CultureInfo.InvariantCulture, out var id) ? id : -1,
    };

    private static int Protocol(string? name) => name switch
    {
        null => 0,
        "kernel" => 2,
        "boot" => 3,
        "static" => 4,
        "dhcp" => 16,
        _ => int.TryParse(name, CultureInfo.InvariantCulture, out var id) ? id : -1,
    };

    private static uint? Hex(string? text) =>
        text is null ? null : uint.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private static string Empty(string json) => string.IsNullOrWhiteSpace(json) ? "[]" : json;
}
