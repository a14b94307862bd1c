namespace Multiwan.Tracking;

/// <summary>
/// One probing round of a link: every target probed once, concurrently. <see cref="Targets"/> is in the order
/// of the link's configured targets. <see cref="At"/> is when the round completed.
/// </summary>
public sealed record RoundResult(string Link, DateTimeOffset At, IReadOnlyList<TargetResult> Targets)
{
    /// <summary>
    /// The round of a dual-stack link's IPv6 probes (bound to its IPv6 source), not of its IPv4 ones: a host-name target
    /// may be named the same in both families' lists, so the names alone cannot tell the two sets' rounds apart.
    /// </summary>
    public bool Ipv6 { get; init; }

    /// <summary>The targets that decide (all of them when, against the config rules, every target is secondary).</summary>
    public IEnumerable<TargetResult> Deciding => Targets.All(t => t.Secondary) ? Targets : Targets.Where(t => !t.Secondary);

    /// <summary>How many deciding targets proved the path alive.</summary>
    public int Answered => Deciding.Count(t => t.Outcome.IsAlive);

    /// <summary>The round succeeds when at least <paramref name="minTargets"/> deciding targets answered (k of n; k is capped at n).</summary>
    public bool Succeeded(int minTargets) => Answered >= Math.Min(Math.Max(minTargets, 1), Math.Max(Deciding.Count(), 1));

    /// <summary>The round succeeds when <paramref name="quorum"/> of the deciding targets answered (a count, or a share of them).</summary>
    public bool Succeeded(Configuration.TargetQuorum quorum) => Succeeded(quorum.Of(Deciding.Count()));

    /// <summary>"1/2 targets answered", plus what the secondary (next-hop) targets say, for transition reasons.</summary>
    public string Describe()
    {
        var text = $"{Answered}/{Deciding.Count()} targets answered";
        var secondary = Targets.Where(t => t.Secondary).ToList();
        if (secondary.Count == 0 || secondary.Count == Targets.Count)
        {
            return text;
        }

        return secondary.Any(t => t.Outcome.IsAlive)
            ? text + "; the next hop answers: the fault is beyond it"
            : text + "; the next hop does not answer either";
    }
}
