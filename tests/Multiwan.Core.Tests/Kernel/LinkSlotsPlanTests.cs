using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>The planner gives each link the mark, table and rule priorities of its slot, never of its position.</summary>
public sealed class LinkSlotsPlanTests
{
    [Fact]
    public void The_default_ranges_hold_100_slots_and_priorities_are_laid_out_by_slot()
    {
        var kernel = new KernelConfig();

        Assert.Equal(100, LinkSlots.Capacity(kernel));
        Assert.Equal((1000, 1100, 1200), LinkSlots.Priorities(kernel, 0));
        Assert.Equal((1007, 1107, 1207), LinkSlots.Priorities(kernel, 7));
        Assert.Equal(0x800u, LinkSlots.Mark(kernel, 7));
        Assert.Equal(107, LinkSlots.Table(kernel, 7));
    }

    [Fact]
    public void Capacity_is_the_tightest_range()
    {
        Assert.Equal(15, LinkSlots.Capacity(new KernelConfig { MarkMask = 0xf0 }));
        Assert.Equal(3, LinkSlots.Capacity(new KernelConfig { TableFirst = 10, TableLast = 12 }));
        Assert.Equal(4, LinkSlots.Capacity(new KernelConfig { RulePriorityFirst = 100, RulePriorityLast = 113 }));
    }

    [Fact]
    public void A_link_inserted_first_leaves_the_others_kernel_identity_unchanged()
    {
        var before = PlanConfigs.Balance();
        var after = before with { Links = [PlanConfigs.Link("lte", "wwan0"), .. before.Links] };
        var slots = new LinkSlots(new Dictionary<string, int> { ["cable"] = 0, ["dsl"] = 1, ["lte"] = 2 });

        var old = KernelPlanner.Plan(before, PlanStates.Parse(before, ""), PlanFacts.Balance());
        var plan = KernelPlanner.Plan(after, PlanStates.Parse(after, ""), PlanFacts.Balance(), slots);

        foreach (var link in old.Links)
        {
            var now = plan.Links.Single(l => l.Name == link.Name);
            Assert.Equal((link.Mark, link.Table), (now.Mark, now.Table));
            Assert.Equal(old.Rules.Where(r => r.Table == link.Table), plan.Rules.Where(r => r.Table == link.Table));
        }

        var lte = plan.Links.Single(l => l.Name == "lte");
        Assert.Equal((0x300u, 102), (lte.Mark, lte.Table));
        Assert.Equal([1002, 1102, 1202], plan.Rules.Where(r => r.Table == 102).Select(r => r.Priority));
        Assert.Contains("meta mark set meta mark & 0xffff00ff | 0x00000300", plan.NftScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_slots_the_plan_allocates_by_position()
    {
        var config = PlanConfigs.Balance();

        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, ""), PlanFacts.Balance());

        Assert.Equal([("cable", 0x100u, 100), ("dsl", 0x200u, 101)], plan.Links.Select(l => (l.Name, l.Mark, l.Table)));
        Assert.Equal([1000, 1001, 1100, 1101, 1200, 1201], plan.Rules.Select(r => r.Priority));
    }
}
