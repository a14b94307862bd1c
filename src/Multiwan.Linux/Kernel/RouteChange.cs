namespace Multiwan.Kernel;

/// <summary>
/// One route or rule change the reconcile decided on: what to send (a route or a rule, typed) and
/// <see cref="Text"/>, the <c>ip</c> batch line an operator could type for the same change (logged <c>[#] ip ...</c>).
/// </summary>
public sealed record RouteChange(RouteChangeKind Kind, string Text, PlannedRoute? Route = null, PlannedRule? Rule = null)
{
    public static RouteChange ReplaceRoute(PlannedRoute route, int protocol) => new(RouteChangeKind.ReplaceRoute, IpBatchRenderer.Command(route, protocol), Route: route);

    public static RouteChange AddRule(PlannedRule rule, int protocol) => new(RouteChangeKind.AddRule, IpBatchRenderer.Command(rule, protocol), Rule: rule);

    public static RouteChange DeleteRule(PlannedRule rule, int protocol) =>
        new(RouteChangeKind.DeleteRule, (rule.Ipv6 ? "-6 " : "") + "rule del" + IpBatchRenderer.Rule(rule, protocol)["rule add".Length..], Rule: rule);

    public static RouteChange DeleteRoute(PlannedRoute route, int protocol) => new(
        RouteChangeKind.DeleteRoute,
        $"{(route.Ipv6 ? "-6 " : "")}route del {(route.Type is null ? "" : route.Type + " ")}{route.Destination}{(route.Table == RouteNormal.MainTable ? "" : $" table {route.Table}")} proto {protocol}{(route.Metric is { } m ? $" metric {m}" : "")}",
        Route: route);

    public KernelChangeKind ChangeKind => Kind is RouteChangeKind.ReplaceRoute or RouteChangeKind.DeleteRoute ? KernelChangeKind.Route : KernelChangeKind.Rule;
}

/// <summary>The four changes the reconcile makes, in the order it sends them.</summary>
public enum RouteChangeKind
{
    ReplaceRoute,
    AddRule,
    DeleteRule,
    DeleteRoute,
}
