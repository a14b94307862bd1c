namespace Multiwan.Kernel;

/// <summary>
/// Pure: gives every link of the config a slot, keeping the ones already known. A known link keeps its slot
/// whatever its position; a new link takes the lowest slot never used, and a slot freed by a removed link (still
/// remembered, so its old connections' marks are not handed to someone else at once) only when no unused one is
/// left. Two links in one slot, or no room, is one error.
/// </summary>
internal static class SlotAllocator
{
    /// <param name="links">The config's link names, in order.</param>
    /// <param name="known">Name → slot as remembered (current and removed links).</param>
    /// <param name="capacity">How many slots the kernel ranges hold (<see cref="LinkSlots.Capacity"/>).</param>
    public static SlotAllocation Allocate(IReadOnlyList<string> links, IReadOnlyDictionary<string, int> known, int capacity)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(known);
        // A slot outside the ranges (they were narrowed) is forgotten: that link gets a new one.
        var remembered = known.Where(k => k.Value >= 0 && k.Value < capacity).ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);
        if (remembered.GroupBy(k => k.Value).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            var names = clash.Select(k => k.Key).Order(StringComparer.Ordinal).ToList();
            return SlotAllocation.Failed($"links {names[0]} and {names[1]} both hold slot {clash.Key}");
        }

        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var link in links.Where(remembered.ContainsKey))
        {
            slots[link] = remembered[link];
        }

        var changed = remembered.Count != known.Count;
        foreach (var link in links.Where(l => !slots.ContainsKey(l)))
        {
            var taken = remembered.Values.ToHashSet();
            var slot = Enumerable.Range(0, capacity).Cast<int?>().FirstOrDefault(s => !taken.Contains(s!.Value));
            if (slot is null)
            {
                // Every slot is used or remembered: take back the lowest one a removed link held.
                var freed = remembered.Where(k => !links.Contains(k.Key)).OrderBy(k => k.Value).Select(k => (KeyValuePair<string, int>?)k).FirstOrDefault();
                if (freed is null)
                {
                    return SlotAllocation.Failed($"the kernel ranges (mark_mask, table_first..table_last, rule_priority_first..rule_priority_last) have room for {capacity} links, not {links.Count}");
                }

                remembered.Remove(freed.Value.Key);
                slot = freed.Value.Value;
            }

            remembered[link] = slot.Value;
            slots[link] = slot.Value;
            changed = true;
        }

        return new SlotAllocation(new LinkSlots(slots), remembered, changed, null);
    }
}
