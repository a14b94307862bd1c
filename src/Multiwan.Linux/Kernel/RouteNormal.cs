using System.Net;

namespace Multiwan.Kernel;

/// <summary>
/// One spelling for routes and rules, planned or read from the kernel, so equal means "nothing to change": no
/// <c>/32</c>, no metric 0, no scope global, no type unicast, next hops in one order, no full fwmask.
/// </summary>
internal static class RouteNormal
{
    public const int MainTable = 254;

    /// <summary>The metric the kernel gives an IPv6 route added without one (or with 0).</summary>
    public const int Ipv6DefaultMetric = 1024;

    public static PlannedRoute Normalize(PlannedRoute route) => route with
    {
        Type = route.Type is null or "unicast" ? null : route.Type,
        Destination = route.Ipv6 ? Host6(route.Destination) : Host(route.Destination),
        Via = Address(route.Via),
        Source = Address(route.Source),
        Scope = route.Scope is null or "global" ? null : route.Scope,
        Metric = route.Metric is null or 0 || (route.Ipv6 && route.Metric == Ipv6DefaultMetric) ? null : route.Metric,
        Nexthops = [.. route.Nexthops.Select(h => h with { Via = Address(h.Via) }).OrderBy(h => h.Device, StringComparer.Ordinal).ThenBy(h => h.Via, StringComparer.Ordinal)],
    };

    public static PlannedRule Normalize(PlannedRule rule) => rule with
    {
        From = rule.From is null ? null : rule.Ipv6 ? Host6(rule.From) : Host(rule.From),
        FwMask = rule.FwMark is null || rule.FwMask == uint.MaxValue ? null : rule.FwMask,
    };

    private static string Host(string destination) =>
        destination.EndsWith("/32", StringComparison.Ordinal) ? destination[..^3] : destination;

    private static string Host6(string destination)
    {
        var slash = destination.IndexOf('/', StringComparison.Ordinal);
        var address = Address(slash < 0 ? destination : destination[..slash]);
        var bits = slash < 0 ? "128" : destination[(slash + 1)..];
        return destination == "default" ? destination : bits == "128" ? address! : $"{address}/{bits}";
    }

    private static string? Address(string? text) =>
        text is not null && !text.StartsWith('<') && IPAddress.TryParse(text, out var address) ? address.ToString() : text;
}
