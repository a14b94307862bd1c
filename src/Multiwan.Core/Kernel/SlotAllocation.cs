namespace Multiwan.Kernel;

/// <summary>The result of <see cref="SlotAllocator.Allocate"/>: the config's slots, what to remember, or one error.</summary>
/// <param name="Slots">Every link of the config with its slot; null on error.</param>
/// <param name="Known">Name → slot to remember: the config's links and the removed ones not yet reused.</param>
/// <param name="Changed">True when <paramref name="Known"/> differs from what was remembered (worth writing).</param>
internal sealed record SlotAllocation(LinkSlots? Slots, IReadOnlyDictionary<string, int> Known, bool Changed, string? Error)
{
    public static SlotAllocation Failed(string error) => new(null, new Dictionary<string, int>(), false, error);
}
