using System.Numerics;

namespace Multiwan.Configuration;

/// <summary>Rules for <c>kernel:</c>: the mark mask, table ids and rule priorities must fit the links and avoid the kernel's own.</summary>
internal static class KernelRules
{
    /// <summary>ip rule priorities per link (fwmark, source, and one spare for the planner) plus a few shared ones.</summary>
    public const int RulesPerLink = 3;
    public const int SharedRules = 4;

    private static readonly int[] ReservedTables = [0, 253, 254, 255];
    private static readonly int[] ReservedPriorities = [0, 32766, 32767];

    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        var k = config.Kernel;
        var links = config.Links.Count;
        if (k.MarkMask == 0)
        {
            d.Error("kernel.mark_mask", "must have at least one bit set", k.MarkMask);
        }
        else
        {
            var shifted = k.MarkMask >> BitOperations.TrailingZeroCount(k.MarkMask);
            var bits = BitOperations.PopCount(k.MarkMask);
            if ((shifted & (shifted + 1)) != 0)
            {
                d.Error("kernel.mark_mask", "bits must be contiguous, e.g. 0xff00", k.MarkMask);
            }
            else if (bits < 31 && (1L << bits) - 1 < links)
            {
                d.Error("kernel.mark_mask", $"has room for {(1L << bits) - 1} link marks but there are {links} links", k.MarkMask);
            }
        }

        CheckRange("kernel.table_first", k.TableFirst, k.TableLast, 1, int.MaxValue, links, ReservedTables, "table", "tables", d);
        CheckRange("kernel.rule_priority_first", k.RulePriorityFirst, k.RulePriorityLast, 1, 32765,
            (RulesPerLink * links) + SharedRules, ReservedPriorities, "rule priority", "rule priorities", d);

        if (k.Protocol is < 5 or > 255)
        {
            d.Error("kernel.protocol", "must be between 5 and 255 (0-4 belong to the kernel)", k.Protocol);
        }

        if (k.MainRouteMetric < 0)
        {
            d.Error("kernel.main_route_metric", "must not be negative", k.MainRouteMetric);
        }
    }

    private static void CheckRange(
        string firstPath, int first, int last, int min, int max, int needed, int[] reserved, string one, string many, DiagnosticBag d)
    {
        var lastPath = firstPath.Replace("_first", "_last", StringComparison.Ordinal);
        if (first < min || first > max)
        {
            d.Error(firstPath, $"must be between {min} and {max}", first);
        }

        if (last < min || last > max)
        {
            d.Error(lastPath, $"must be between {min} and {max}", last);
        }

        if (last < first)
        {
            d.Error(lastPath, $"must not be below {firstPath["kernel.".Length..]} ({first})", last);
            return;
        }

        if (reserved.FirstOrDefault(r => r >= first && r <= last, -1) is var clash and >= 0)
        {
            d.Error(firstPath, $"range {first}-{last} contains reserved {one} {clash}; reserved: {string.Join(", ", reserved)}", $"{first}-{last}");
        }

        if ((long)last - first + 1 < needed)
        {
            d.Error(firstPath, $"range {first}-{last} holds {(long)last - first + 1} {many}; {needed} are needed", $"{first}-{last}");
        }
    }
}
