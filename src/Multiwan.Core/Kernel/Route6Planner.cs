using Multiwan.Configuration;
using Multiwan.Policy;

namespace Multiwan.Kernel;

/// <summary>
/// The IPv6 half of <see cref="RoutePlanner"/>, for the links that have <c>ipv6:</c>: per link the same table id in the
/// IPv6 family (default via its IPv6 next hop and device, plus every IPv6 connected route) and the same three rule
/// priorities (fwmark, IPv6 source, output interface), plus in <c>route</c> mode a <c>from PREFIX</c> rule per
/// link; and the IPv6 main default route following the <c>default</c> policy's IPv6 choice. The kernel stores an
/// IPv6 route of metric 0 as 1024, the metric of the routes router advertisements install, which a replace would
/// overwrite: the IPv6 main route therefore takes metric 1 when <c>kernel.main_route_metric</c> is 0.
/// </summary>
internal static class Route6Planner
{
    public static IReadOnlyList<PlannedRoute> Routes(
        KernelConfig kernel, IReadOnlyList<ResolvedLink> links, IReadOnlyList<ConnectedRoute> connected, PolicyOutcome defaultPolicy)
    {
        var routes = new List<PlannedRoute>();
        foreach (var link in links.Where(l => l.Ipv6 is not null))
        {
            var ipv6 = link.Ipv6!;
            if (ipv6.Usable)
            {
                routes.Add(new PlannedRoute { Table = link.Table, Ipv6 = true, Destination = "default", Via = ipv6.Gateway, Device = link.Device });
            }

            routes.AddRange(connected.Select(c => new PlannedRoute { Table = link.Table, Ipv6 = true, Destination = c.Prefix, Device = c.Device }));
        }

        if (kernel.MainDefaultRoute && links.Any(l => l.Ipv6 is not null))
        {
            routes.Add(MainDefault(kernel, links, defaultPolicy));
        }

        return routes;
    }

    public static IReadOnlyList<PlannedRule> Rules(KernelConfig kernel, IReadOnlyList<ResolvedLink> links, Ipv6LanMode? mode)
    {
        var dual = links.Where(l => l.Ipv6 is not null).ToList();
        var rules = new List<PlannedRule>();
        rules.AddRange(dual.Select(l => new PlannedRule
        {
            Priority = LinkSlots.Priorities(kernel, l.Slot).FwMark,
            Ipv6 = true,
            Table = l.Table,
            FwMark = l.Mark,
            FwMask = kernel.MarkMask,
        }));
        rules.AddRange(dual.Where(l => l.Ipv6!.Usable).Select(l => new PlannedRule
        {
            Priority = LinkSlots.Priorities(kernel, l.Slot).Source,
            Ipv6 = true,
            Table = l.Table,
            From = l.Ipv6!.Address,
        }));
        if (mode == Ipv6LanMode.Route)
        {
            rules.AddRange(dual.Where(l => l.Ipv6!.Prefix is not null).Select(l => new PlannedRule
            {
                Priority = LinkSlots.Priorities(kernel, l.Slot).Source,
                Ipv6 = true,
                Table = l.Table,
                From = l.Ipv6!.Prefix,
            }));
        }

        rules.AddRange(dual.Select(l => new PlannedRule { Priority = LinkSlots.Priorities(kernel, l.Slot).OutputInterface, Ipv6 = true, Table = l.Table, OutputInterface = l.Device }));
        return rules;
    }

    /// <summary>The IPv6 main-table metric: <c>kernel.main_route_metric</c>, or 1 instead of 0 (see the summary).</summary>
    public static int MainMetric(KernelConfig kernel) => kernel.MainRouteMetric == 0 ? 1 : kernel.MainRouteMetric;

    private static PlannedRoute MainDefault(KernelConfig kernel, IReadOnlyList<ResolvedLink> links, PolicyOutcome policy)
    {
        var route = new PlannedRoute { Table = RoutePlanner.MainTable, Ipv6 = true, Destination = "default", Metric = MainMetric(kernel) };
        var usable = policy.Links
            .Select(w => (Weight: w, Link: links.First(l => l.Name == w.Name)))
            .Where(x => x.Link.Ipv6 is { Usable: true })
            .ToList();
        if (usable.Count == 0)
        {
            return route with { Type = policy.LastResortInForce == LastResort.Blackhole ? "blackhole" : "unreachable" };
        }

        if (usable.Count == 1)
        {
            return route with { Via = usable[0].Link.Ipv6!.Gateway, Device = usable[0].Link.Device };
        }

        var weights = RoutePlanner.NexthopWeights([.. usable.Select(x => x.Weight.Weight)]);
        return route with { Nexthops = [.. usable.Select((x, i) => new Nexthop(x.Link.Ipv6!.Gateway, x.Link.Device, weights[i]))] };
    }
}
