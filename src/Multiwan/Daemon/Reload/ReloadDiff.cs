using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Daemon;

/// <summary>
/// The reload diff (pure): which running links keep their tracker and probes (same probe key), which restart
/// (probing changed), which are new and which are gone. Names in config order; removed ones in running order.
/// </summary>
internal sealed record ReloadDiff(IReadOnlyList<string> Kept, IReadOnlyList<string> Restarted, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    /// <param name="running">Each running link's name and <see cref="LinkRuntime.ProbeKey"/>, in order.</param>
    /// <param name="slots">The next config's link slots (a link keeps its slot, so its mark, across reloads).</param>
    public static ReloadDiff Compute(IReadOnlyList<(string Name, string ProbeKey)> running, MultiwanConfig next, LinkSlots slots)
    {
        var keys = running.ToDictionary(r => r.Name, r => r.ProbeKey);
        List<string> kept = [], restarted = [], added = [];
        foreach (var link in next.Links)
        {
            var list = !keys.TryGetValue(link.Name, out var key) ? added
                : key == LinkRuntime.KeyOf(next, slots, link) ? kept
                : restarted;
            list.Add(link.Name);
        }

        var names = next.Links.Select(l => l.Name).ToHashSet();
        return new ReloadDiff(kept, restarted, added, [.. running.Select(r => r.Name).Where(n => !names.Contains(n))]);
    }

    public string Summary => $"kept {List(Kept)}; restarted {List(Restarted)}; added {List(Added)}; removed {List(Removed)}";

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(" ", names);
}
