namespace Multiwan.Tracking;

/// <summary>
/// One probing round of a link: every target probed once, concurrently. <see cref="Targets"/> is in the order
/// of the link's configured targets. <see cref="At"/> is when the round completed.
/// </summary>
public sealed record RoundResult(string Link, DateTimeOffset At, IReadOnlyList<TargetResult> Targets)
{
    /// <summary>How many targets proved the path alive.</summary>
    public int Answered => Targets.Count(t => t.Outcome.IsAlive);

    /// <summary>The round succeeds when at least <paramref name="minTargets"/> targets answered (k of n; k is capped at n).</summary>
    public bool Succeeded(int minTargets) => Answered >= Math.Min(Math.Max(minTargets, 1), Math.Max(Targets.Count, 1));
}
