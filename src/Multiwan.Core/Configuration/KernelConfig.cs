namespace Multiwan.Configuration;

/// <summary>The kernel resources multiwan owns; all checked for collisions at start.</summary>
public sealed record KernelConfig
{
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
