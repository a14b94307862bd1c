using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Kernel.Nft;

namespace Multiwan.Kernel;

/// <summary>
/// Before anything changes: are our routing tables, rule priorities, main-table default metric or mark bits already
/// used by someone else? Foreign means "not tagged with our protocol" (routes, rules) or "outside table inet
/// multiwan" (nft rules that set mark bits inside our mask; best effort). Every finding in one line.
/// </summary>
public static class CollisionCheck
{
    public static async Task<string?> CheckAsync(IKernelIo io, KernelConfig config, KernelPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(io);
        var routes = await io.ReadRoutesAsync(cancellationToken).ConfigureAwait(false);
        var rules = await io.ReadRulesAsync(cancellationToken).ConfigureAwait(false);
        if ((routes.Error ?? rules.Error) is { } error)
        {
            return error;
        }

        var ruleset = await io.NftAsync("list ruleset", NftMode.Json, cancellationToken).ConfigureAwait(false);
        var findings = Find(config, plan, routes.Routes, rules.Rules, ruleset.Succeeded ? ruleset.Output : "");
        return findings.Count == 0 ? null : string.Join("; ", findings);
    }

    public static IReadOnlyList<string> Find(KernelConfig config, KernelPlan plan, IEnumerable<KernelRoute> routes, IEnumerable<KernelRule> rules, string rulesetJson)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(plan);
        var findings = new List<string>();
        // Each family has its own tables and rules: an IPv6 route in table 100 does not collide with IPv4's table 100.
        var tables = plan.Links.Select(l => (Ipv6: false, l.Table)).Concat(plan.Links6.Select(l => (Ipv6: true, l.Table))).ToHashSet();
        var mainDefault = plan.Routes.Where(r => r.Table == RouteNormal.MainTable && r.Destination == "default").Select(r => (r.Ipv6, Metric: r.Metric ?? 0)).ToHashSet();
        foreach (var o in routes.Where(o => o.Protocol != config.Protocol))
        {
            var ip = o.Route.Ipv6 ? "IPv6 " : "";
            if (tables.Contains((o.Route.Ipv6, o.Route.Table)))
            {
                findings.Add($"{ip}table {o.Route.Table} already holds a route not ours ({o.Route.Destination}{(o.Route.Device is null ? "" : " dev " + o.Route.Device)}); choose another kernel.table_first");
            }
            else if (config.MainDefaultRoute && o.Route.Table == RouteNormal.MainTable && o.Route.Destination == "default" && mainDefault.Contains((o.Route.Ipv6, o.Route.Metric ?? 0)))
            {
                findings.Add($"main {ip}table already has a default route with metric {o.Route.Metric ?? 0} ({Describe(o.Route)}); set kernel.main_route_metric to another value or kernel.main_default_route: false");
            }
        }

        var priorities = plan.Rules.Select(r => (r.Ipv6, r.Priority)).ToHashSet();
        foreach (var o in rules.Where(o => o.Protocol != config.Protocol && priorities.Contains((o.Rule.Ipv6, o.Rule.Priority))))
        {
            findings.Add($"{(o.Rule.Ipv6 ? "ip -6" : "ip")} rule priority {o.Rule.Priority} is already used (lookup {o.Rule.Table}); choose another kernel.rule_priority_first");
        }

        findings.AddRange(ForeignMarks(config.MarkMask, rulesetJson));
        return findings;
    }

    /// <summary>nft rules outside our table whose <c>meta mark set</c> / <c>ct mark set</c> writes a constant with bits in our mask.</summary>
    private static IEnumerable<string> ForeignMarks(uint mask, string rulesetJson)
    {
        if (string.IsNullOrWhiteSpace(rulesetJson))
        {
            yield break;
        }

        using var doc = JsonDocument.Parse(rulesetJson);
        if (!doc.RootElement.TryGetProperty("nftables", out var items))
        {
            yield break;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (!item.TryGetProperty("rule", out var rule) || (rule.GetProperty("family").GetString() == "inet" && rule.GetProperty("table").GetString() == "multiwan"))
            {
                continue;
            }

            foreach (var stmt in rule.GetProperty("expr").EnumerateArray())
            {
                if (stmt.TryGetProperty("mangle", out var mangle) && IsMark(mangle.GetProperty("key")) && WrittenBits(mangle.GetProperty("value")) is var bits && (bits & mask) != 0)
                {
                    yield return $"nft table {rule.GetProperty("family").GetString()} {rule.GetProperty("table").GetString()} chain {rule.GetProperty("chain").GetString()} sets mark bits 0x{bits & mask:x} inside kernel.mark_mask 0x{mask:x}";
                }
            }
        }
    }

    private static bool IsMark(JsonElement key) =>
        (key.TryGetProperty("meta", out var meta) || key.TryGetProperty("ct", out meta)) && meta.TryGetProperty("key", out var k) && k.GetString() == "mark";

    /// <summary>A constant, or the constant OR-ed in <c>mark &amp; X | V</c>; other expressions are not judged (0).</summary>
    private static uint WrittenBits(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetUInt32(out var n) => n,
        JsonValueKind.Object when value.TryGetProperty("|", out var or) && or.GetArrayLength() == 2 => WrittenBits(or[1]),
        _ => 0,
    };

    private static string Describe(PlannedRoute route) =>
        route.Via is null ? route.Device ?? route.Type ?? "?" : $"via {route.Via}{(route.Device is null ? "" : " dev " + route.Device)}";
}
