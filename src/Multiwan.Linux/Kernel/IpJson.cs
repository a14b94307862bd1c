using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Multiwan.Kernel;

/// <summary>
/// Reads <c>ip -j route</c> and <c>ip -j rule</c> output into the planner's own records, normalised the same way
/// as planned ones (<see cref="Normalize(PlannedRoute)"/>) so equal means "nothing to change".
/// </summary>
internal static class IpJson
{
    public const int MainTable = 254;

    /// <summary>A route seen in the kernel, with its protocol as printed (a name, a number, or null when ip omits it).</summary>
    public sealed record ObservedRoute(PlannedRoute Route, string? Protocol);

    public sealed record ObservedRule(PlannedRule Rule, string? Protocol);

    public static List<ObservedRoute> Routes(string json)
    {
        var routes = new List<ObservedRoute>();
        using var doc = JsonDocument.Parse(Empty(json));
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            var type = Str(r, "type");
            var route = new PlannedRoute
            {
                Table = Table(Str(r, "table")),
                Type = type,
                Destination = Str(r, "dst") ?? "default",
                Via = Str(r, "gateway"),
                Device = Str(r, "dev"),
                Source = Str(r, "prefsrc"),
                Scope = Str(r, "scope"),
                Metric = r.TryGetProperty("metric", out var m) ? m.GetInt32() : null,
                Nexthops = r.TryGetProperty("nexthops", out var hops)
                    ? [.. hops.EnumerateArray().Select(h => new Nexthop(Str(h, "gateway"), Str(h, "dev") ?? "", h.TryGetProperty("weight", out var w) ? w.GetInt32() : 1))]
                    : [],
            };
            routes.Add(new ObservedRoute(Normalize(route), Str(r, "protocol")));
        }

        return routes;
    }

    public static List<ObservedRule> Rules(string json)
    {
        var rules = new List<ObservedRule>();
        using var doc = JsonDocument.Parse(Empty(json));
        foreach (var r in doc.RootElement.EnumerateArray())
        {
            var src = Str(r, "src");
            var from = src is null or "all" ? null : r.TryGetProperty("srclen", out var len) ? $"{src}/{len.GetInt32()}" : src;
            var rule = new PlannedRule
            {
                Priority = r.TryGetProperty("priority", out var p) ? p.GetInt32() : 0,
                Table = Table(Str(r, "table")),
                FwMark = Hex(Str(r, "fwmark")),
                FwMask = Hex(Str(r, "fwmask")),
                From = from,
                OutputInterface = Str(r, "oif"),
            };
            rules.Add(new ObservedRule(Normalize(rule), Str(r, "protocol")));
        }

        return rules;
    }

    /// <summary>Drops the spellings that mean the same to the kernel: <c>/32</c>, metric 0, scope global, type unicast, nexthop order.</summary>
    public static PlannedRoute Normalize(PlannedRoute route) => route with
    {
        Type = route.Type is null or "unicast" ? null : route.Type,
        Destination = Host(route.Destination),
        Via = Address(route.Via),
        Source = Address(route.Source),
        Scope = route.Scope is null or "global" ? null : route.Scope,
        Metric = route.Metric is null or 0 ? null : route.Metric,
        Nexthops = [.. route.Nexthops.Select(h => h with { Via = Address(h.Via) }).OrderBy(h => h.Device, StringComparer.Ordinal).ThenBy(h => h.Via, StringComparer.Ordinal)],
    };

    public static PlannedRule Normalize(PlannedRule rule) => rule with
    {
        From = rule.From is null ? null : Host(rule.From),
        FwMask = rule.FwMark is null || rule.FwMask == uint.MaxValue ? null : rule.FwMask,
    };

    public static int Table(string? name) => name switch
    {
        null or "main" => MainTable,
        "local" => 255,
        "default" => 253,
        _ => int.TryParse(name, CultureInfo.InvariantCulture, out var id) ? id : -1,
    };

    private static string Host(string destination) =>
        destination.EndsWith("/32", StringComparison.Ordinal) ? destination[..^3] : destination;

    private static string? Address(string? text) =>
        text is not null && !text.StartsWith('<') && IPAddress.TryParse(text, out var address) ? address.ToString() : text;

    private static uint? Hex(string? text) =>
        text is null ? null : uint.Parse(text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText() : null;

    private static string Empty(string json) => string.IsNullOrWhiteSpace(json) ? "[]" : json;
}
