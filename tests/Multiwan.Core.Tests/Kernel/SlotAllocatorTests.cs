namespace Multiwan.Kernel;

/// <summary>Link slots (marks, tables, rule priorities) are per name: kept whatever the position, freed slots reused last.</summary>
public sealed class SlotAllocatorTests
{
    [Fact]
    public void A_first_start_allocates_by_position()
    {
        var allocation = SlotAllocator.Allocate(["cable", "dsl", "lte"], Known(), 100);

        Assert.Null(allocation.Error);
        Assert.Equal([("cable", 0), ("dsl", 1), ("lte", 2)], Slots(allocation));
        Assert.True(allocation.Changed);
    }

    [Fact]
    public void A_link_inserted_first_takes_a_new_slot_and_the_others_keep_theirs()
    {
        var allocation = SlotAllocator.Allocate(["lte", "cable", "dsl"], Known(("cable", 0), ("dsl", 1)), 100);

        Assert.Equal([("cable", 0), ("dsl", 1), ("lte", 2)], Slots(allocation));
    }

    [Fact]
    public void Reordering_known_links_changes_nothing()
    {
        var allocation = SlotAllocator.Allocate(["dsl", "cable"], Known(("cable", 0), ("dsl", 1)), 100);

        Assert.Equal([("cable", 0), ("dsl", 1)], Slots(allocation));
        Assert.False(allocation.Changed);
    }

    [Fact]
    public void A_removed_link_keeps_its_slot_until_no_unused_one_is_left()
    {
        var removed = SlotAllocator.Allocate(["cable"], Known(("cable", 0), ("dsl", 1)), 3);
        Assert.Equal(Known(("cable", 0), ("dsl", 1)), removed.Known); // dsl remembered: its old connections' mark stays unused

        var added = SlotAllocator.Allocate(["cable", "lte"], removed.Known, 3);
        Assert.Equal([("cable", 0), ("lte", 2)], Slots(added));

        var full = SlotAllocator.Allocate(["cable", "lte", "wifi"], added.Known, 3);
        Assert.Equal([("cable", 0), ("lte", 2), ("wifi", 1)], Slots(full));
        Assert.False(full.Known.ContainsKey("dsl"));
    }

    [Fact]
    public void A_readded_link_gets_its_old_slot_back()
    {
        var allocation = SlotAllocator.Allocate(["lte", "dsl"], Known(("cable", 0), ("dsl", 1), ("lte", 2)), 100);

        Assert.Equal([("dsl", 1), ("lte", 2)], Slots(allocation));
    }

    [Fact]
    public void Two_links_in_one_slot_is_one_error()
    {
        var allocation = SlotAllocator.Allocate(["cable", "dsl"], Known(("dsl", 1), ("cable", 1)), 100);

        Assert.Null(allocation.Slots);
        Assert.Equal("links cable and dsl both hold slot 1", allocation.Error);
    }

    [Fact]
    public void No_room_is_one_error()
    {
        var allocation = SlotAllocator.Allocate(["cable", "dsl"], Known(), 1);

        Assert.Null(allocation.Slots);
        Assert.Equal("the kernel ranges (mark_mask, table_first..table_last, rule_priority_first..rule_priority_last) have room for 1 links, not 2", allocation.Error);
    }

    [Fact]
    public void A_slot_outside_narrowed_ranges_is_allocated_anew()
    {
        var allocation = SlotAllocator.Allocate(["cable", "dsl"], Known(("cable", 7), ("dsl", 0)), 4);

        Assert.Equal([("cable", 1), ("dsl", 0)], Slots(allocation));
        Assert.True(allocation.Changed);
    }

    private static Dictionary<string, int> Known(params (string Name, int Slot)[] entries) => entries.ToDictionary(e => e.Name, e => e.Slot);

    private static (string, int)[] Slots(SlotAllocation allocation) =>
        [.. allocation.Slots!.Slots.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => (s.Key, s.Value))];
}
