namespace Multiwan.Tracking;

/// <summary>
/// A link's figures: the average over its k best targets (fewest losses, then lowest RTT), so that one dead
/// target among several does not make a link look lossy, exactly as it does not fail it. Secondary (next-hop)
/// targets are left out unless there is nothing else.
/// </summary>
public readonly record struct LinkStats(int Samples, double LossPercent, TimeSpan? Rtt, TimeSpan? Jitter)
{
    public static LinkStats Empty { get; } = new(0, 0, null, null);

    public static LinkStats FromTargets(IReadOnlyList<TargetStats> all, int minTargets)
    {
        var targets = all.All(t => t.Secondary) ? all : [.. all.Where(t => !t.Secondary)];
        if (targets.Count == 0)
        {
            return Empty;
        }

        var best = targets
            .OrderBy(t => t.LossPercent)
            .ThenBy(t => t.Rtt ?? TimeSpan.MaxValue)
            .Take(Math.Clamp(minTargets, 1, targets.Count))
            .ToList();
        return new LinkStats(
            best.Min(t => t.Samples),
            best.Average(t => t.LossPercent),
            Average(best.Select(t => t.Rtt)),
            Average(best.Select(t => t.Jitter)));
    }

    private static TimeSpan? Average(IEnumerable<TimeSpan?> values)
    {
        var known = values.Where(v => v.HasValue).Select(v => v!.Value.Ticks).ToList();
        return known.Count == 0 ? null : TimeSpan.FromTicks((long)known.Average());
    }

    public override string ToString() =>
        $"loss {LossPercent:0.#}%, rtt {Format(Rtt)}, jitter {Format(Jitter)}";

    private static string Format(TimeSpan? t) => t is { } v ? $"{v.TotalMilliseconds:0.###} ms" : "-";
}
