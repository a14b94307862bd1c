using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>The kernel resources multiwan owns; all checked for collisions at start.</summary>
public sealed record KernelConfig
{
    internal static RecordShape<KernelConfig> Schema { get; } = new RecordShape<KernelConfig>(_ => new KernelConfig())
        .Key("mark_mask", Scalars.UInt, c => c.MarkMask, (c, v) => c with { MarkMask = v })
        .Key("table_first", Scalars.Int, c => c.TableFirst, (c, v) => c with { TableFirst = v })
        .Key("table_last", Scalars.Int, c => c.TableLast, (c, v) => c with { TableLast = v })
        .Key("rule_priority_first", Scalars.Int, c => c.RulePriorityFirst, (c, v) => c with { RulePriorityFirst = v })
        .Key("rule_priority_last", Scalars.Int, c => c.RulePriorityLast, (c, v) => c with { RulePriorityLast = v })
        .Key("protocol", Scalars.Int, c => c.Protocol, (c, v) => c with { Protocol = v })
        .Key("main_default_route", Scalars.Bool, c => c.MainDefaultRoute, (c, v) => c with { MainDefaultRoute = v })
        .Key("main_route_metric", Scalars.Int, c => c.MainRouteMetric, (c, v) => c with { MainRouteMetric = v })
        .Key("flush_conntrack_on_down", Scalars.Bool, c => c.FlushConntrackOnDown, (c, v) => c with { FlushConntrackOnDown = v });

    /// <summary>The bits of the packet and conntrack mark multiwan uses; other tools keep the rest.</summary>
    public uint MarkMask { get; init; } = 0x0000ff00;

    /// <summary>Routing table ids, one per link, from <c>table_first</c>.</summary>
    public int TableFirst { get; init; } = 100;

    public int TableLast { get; init; } = 199;

    /// <summary>ip rule priorities, from <c>rule_priority_first</c>.</summary>
    public int RulePriorityFirst { get; init; } = 1000;

    public int RulePriorityLast { get; init; } = 1999;

    /// <summary>The rtnetlink protocol id that tags every route and rule multiwan installs.</summary>
    public int Protocol { get; init; } = 211;

    /// <summary>Manage the main table's default route (weighted multipath over the links carrying traffic).</summary>
    public bool MainDefaultRoute { get; init; } = true;

    /// <summary>Metric of that main-table default route.</summary>
    public int MainRouteMetric { get; init; }

    /// <summary>Delete the conntrack entries of a link that goes down (only that link's mark).</summary>
    public bool FlushConntrackOnDown { get; init; } = true;
}
