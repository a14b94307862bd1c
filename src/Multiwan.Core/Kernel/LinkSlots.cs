using System.Numerics;
using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>
/// Each link's slot: its kernel identity. Slot s gives mark <c>(s+1) &lt;&lt; lowest bit of kernel.mark_mask</c>,
/// table <c>table_first + s</c>, and the rule priorities <c>rule_priority_first + s</c> (fwmark),
/// <c>+ C + s</c> (source) and <c>+ 2C + s</c> (output interface), where C is <see cref="Capacity"/>. So a link's
/// identity depends on its slot and the kernel ranges only, never on its position in the file or on how many links
/// there are. Slots come from <see cref="SlotAllocator"/> (kept in the state directory by the daemon).
/// </summary>
internal sealed record LinkSlots(IReadOnlyDictionary<string, int> Slots)
{
    /// <summary>Link i (config order) in slot i: what a first start allocates, and what <c>plan</c> shows without a state directory.</summary>
    public static LinkSlots ByPosition(MultiwanConfig config) =>
        new(config.Links.Select((l, i) => (l.Name, i)).ToDictionary(x => x.Name, x => x.i));

    public int SlotOf(string link) =>
        Slots.TryGetValue(link, out var slot) ? slot : throw new InvalidOperationException($"link {link} has no kernel identity (slot)");

    public uint MarkOf(KernelConfig kernel, string link) => Mark(kernel, SlotOf(link));

    /// <summary>Slots that fit every range: mark values under the mask, tables, and three rule priorities each.</summary>
    public static int Capacity(KernelConfig kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        var marks = kernel.MarkMask == 0 ? 0 : (long)(kernel.MarkMask >> BitOperations.TrailingZeroCount(kernel.MarkMask));
        var tables = (long)kernel.TableLast - kernel.TableFirst + 1;
        var priorities = ((long)kernel.RulePriorityLast - kernel.RulePriorityFirst + 1) / 3;
        return (int)Math.Clamp(Math.Min(marks, Math.Min(tables, priorities)), 0, int.MaxValue);
    }

    /// <summary>The mark of <paramref name="slot"/>: <c>(slot+1) &lt;&lt; lowest set bit of mark_mask</c>.</summary>
    public static uint Mark(KernelConfig kernel, int slot)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        return kernel.MarkMask == 0 ? 0 : (uint)(slot + 1) << BitOperations.TrailingZeroCount(kernel.MarkMask);
    }

    public static int Table(KernelConfig kernel, int slot) => kernel.TableFirst + slot;

    /// <summary>Rule priorities of <paramref name="slot"/>: every fwmark rule comes before every source rule, and those before every oif rule.</summary>
    public static (int FwMark, int Source, int OutputInterface) Priorities(KernelConfig kernel, int slot)
    {
        var stride = Capacity(kernel);
        var first = kernel.RulePriorityFirst + slot;
        return (first, first + stride, first + (2 * stride));
    }
}
