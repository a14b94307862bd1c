using Multiwan.Configuration;
using Multiwan.Policy;

namespace Multiwan.Kernel;

/// <summary>
/// Routes and rules: per link a table (default via its gateway, <c>dev</c> only when point-to-point, plus every
/// connected route) and three rules (fwmark, source address, output interface); and the main table's default
/// route following the <c>default</c> policy. Per-link tables and rules exist whatever the link's state, so the
/// daemon's probes (marked) can always leave by their link — except what the kernel would refuse for a link whose
/// interface has no address (<see cref="ResolvedLink.Usable"/>): its default route, its source rule and its next hop.
/// </summary>
internal static class RoutePlanner
{
    public const int MainTable = 254;

    /// <summary>ip route accepts next-hop weights 1–256.</summary>
    private const int MaxNexthopWeight = 256;

    public static IReadOnlyList<PlannedRoute> Routes(
        KernelConfig kernel, IReadOnlyList<ResolvedLink> links, IReadOnlyList<ConnectedRoute> connected, PolicyOutcome defaultPolicy)
    {
        var routes = new List<PlannedRoute>();
        foreach (var link in links)
        {
            if (link.Usable)
            {
                routes.Add(new PlannedRoute { Table = link.Table, Destination = "default", Via = link.Gateway, Device = link.Device });
            }

            routes.AddRange(connected.Select(c => new PlannedRoute
            {
                Table = link.Table,
                Destination = c.Prefix,
                Device = c.Device,
                Source = c.Source?.ToString(),
                Scope = "link",
            }));
        }

        if (kernel.MainDefaultRoute)
        {
            routes.Add(MainDefault(kernel, links, defaultPolicy));
        }

        return routes;
    }

    /// <summary>Priorities by slot (<see cref="LinkSlots.Priorities"/>): every fwmark rule, then every source rule, then every oif rule.</summary>
    public static IReadOnlyList<PlannedRule> Rules(KernelConfig kernel, IReadOnlyList<ResolvedLink> links)
    {
        var rules = new List<PlannedRule>();
        rules.AddRange(links.Select(l => new PlannedRule
        {
            Priority = LinkSlots.Priorities(kernel, l.Slot).FwMark,
            Table = l.Table,
            FwMark = l.Mark,
            FwMask = kernel.MarkMask,
        }));
        rules.AddRange(links.Where(l => l.Usable).Select(l => new PlannedRule { Priority = LinkSlots.Priorities(kernel, l.Slot).Source, Table = l.Table, From = l.Address }));
        rules.AddRange(links.Select(l => new PlannedRule { Priority = LinkSlots.Priorities(kernel, l.Slot).OutputInterface, Table = l.Table, OutputInterface = l.Device }));
        return rules;
    }

    private static PlannedRoute MainDefault(KernelConfig kernel, IReadOnlyList<ResolvedLink> links, PolicyOutcome policy)
    {
        var route = new PlannedRoute { Table = MainTable, Destination = "default", Metric = kernel.MainRouteMetric };
        var usable = policy.Links.Where(w => links.First(l => l.Name == w.Name).Usable).ToList();
        if (usable.Count == 0)
        {
            var type = policy.LastResortInForce == LastResort.Blackhole ? "blackhole" : "unreachable";
            return route with { Type = type };
        }

        if (usable.Count == 1)
        {
            var only = links.First(l => l.Name == usable[0].Name);
            return route with { Via = only.Gateway, Device = only.Device };
        }

        var weights = NexthopWeights([.. usable.Select(w => w.Weight)]);
        return route with
        {
            Nexthops = [.. usable.Select((w, i) =>
            {
                var link = links.First(l => l.Name == w.Name);
                return new Nexthop(link.Gateway, link.Device, weights[i]);
            })],
        };
    }

    /// <summary>Policy weights as next-hop weights: unchanged up to 256, else scaled into ip's 1–256.</summary>
    public static int[] NexthopWeights(IReadOnlyList<int> weights)
    {
        var max = weights.Max();
        return [.. weights.Select(w => max <= MaxNexthopWeight ? w : Math.Max(1, (int)Math.Round((double)w * MaxNexthopWeight / max)))];
    }
}
