namespace Multiwan.Kernel;

/// <summary>
/// Pure: what must change so the kernel's routes and rules with our protocol equal the plan. Routes are keyed as
/// the kernel keys them (table, destination, metric): a differing one is replaced, a missing one added, one we own
/// that the plan no longer has deleted. Rules are compared whole. Order: route replace, rule add, rule del,
/// route del — tables are filled before rules point at them, and nothing is removed before its successor exists.
/// </summary>
internal static class RouteDiff
{
    public static IReadOnlyList<RouteChange> Changes(
        IEnumerable<PlannedRoute> desiredRoutes, IEnumerable<PlannedRoute> ownRoutes,
        IEnumerable<PlannedRule> desiredRules, IEnumerable<PlannedRule> ownRules, int protocol)
    {
        var desired = desiredRoutes.Select(RouteNormal.Normalize).ToList();
        var observed = ownRoutes.Select(RouteNormal.Normalize).ToList();
        var observedByKey = observed.GroupBy(Key).ToDictionary(g => g.Key, g => g.ToList());
        var desiredKeys = desired.Select(Key).ToHashSet();

        var replace = desired
            .Where(d => !observedByKey.TryGetValue(Key(d), out var seen) || seen.Count != 1 || Render(seen[0], protocol) != Render(d, protocol))
            .Select(d => RouteChange.ReplaceRoute(d, protocol));
        var deleteRoutes = observed.Where(o => !desiredKeys.Contains(Key(o))).Select(o => RouteChange.DeleteRoute(o, protocol));

        var wantRules = desiredRules.Select(RouteNormal.Normalize).DistinctBy(r => Render(r, protocol)).ToList();
        var haveRules = ownRules.Select(RouteNormal.Normalize).DistinctBy(r => Render(r, protocol)).ToList();
        var want = wantRules.Select(r => Render(r, protocol)).ToHashSet(StringComparer.Ordinal);
        var have = haveRules.Select(r => Render(r, protocol)).ToHashSet(StringComparer.Ordinal);
        var addRules = wantRules.Where(r => !have.Contains(Render(r, protocol))).Select(r => RouteChange.AddRule(r, protocol));
        var deleteRules = haveRules.Where(r => !want.Contains(Render(r, protocol))).Select(r => RouteChange.DeleteRule(r, protocol));

        return [.. replace, .. addRules, .. deleteRules, .. deleteRoutes];
    }

    /// <summary>The same changes as <c>ip</c> batch lines (<c>route replace ...</c>, <c>rule del ...</c>).</summary>
    public static IReadOnlyList<string> Commands(
        IEnumerable<PlannedRoute> desiredRoutes, IEnumerable<PlannedRoute> ownRoutes,
        IEnumerable<PlannedRule> desiredRules, IEnumerable<PlannedRule> ownRules, int protocol) =>
        [.. Changes(desiredRoutes, ownRoutes, desiredRules, ownRules, protocol).Select(c => c.Text)];

    /// <summary>True when any field names a fact the planner did not know (<c>&lt;wan1.gateway&gt;</c>).</summary>
    public static bool HasPlaceholder(PlannedRoute route) =>
        IsPlaceholder(route.Via) || IsPlaceholder(route.Source) || IsPlaceholder(route.Device) || route.Nexthops.Any(h => IsPlaceholder(h.Via));

    public static bool HasPlaceholder(PlannedRule rule) => IsPlaceholder(rule.From) || IsPlaceholder(rule.OutputInterface);

    /// <summary>How the kernel keys a route: its family's table, destination and metric.</summary>
    public static (bool Ipv6, int Table, string Destination, int Metric) Key(PlannedRoute route) =>
        (route.Ipv6, route.Table, route.Destination, route.Metric ?? 0);

    private static bool IsPlaceholder(string? value) => value is not null && value.StartsWith('<');

    private static string Render(PlannedRoute route, int protocol) => IpBatchRenderer.Command(route, protocol);

    private static string Render(PlannedRule rule, int protocol) => IpBatchRenderer.Command(rule, protocol);
}
