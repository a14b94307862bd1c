using System.Net;

namespace Multiwan.Kernel;

/// <summary>
/// One spelling for routes and rules, planned or read from the kernel, so equal means "nothing to change": no
/// <c>/32</c>, no metric 0, no scope global, no type unicast, next hops in one order, no full fwmask.
/// </summary>
internal static class RouteNormal
{
    public const int MainTable = 254;

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

    private static string Host(string destination) =>
        destination.EndsWith("/32", StringComparison.Ordinal) ? destination[..^3] : destination;

    private static string? Address(string? text) =>
        text is not null && !text.StartsWith('<') && IPAddress.TryParse(text, out var address) ? address.ToString() : text;
}
