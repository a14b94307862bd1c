namespace Multiwan.Policy;

/// <summary>
/// <c>select: best</c> of one policy: a challenger replaces the elected link only when its score is lower by more
/// than both <see cref="MarginPercent"/> % of the elected link's score and <see cref="MarginMin"/>, continuously for
/// <see cref="Dwell"/>. An elected link that stops carrying is replaced at once (that is failover, not a preference).
/// </summary>
public sealed record BestSelection(double MarginPercent, TimeSpan MarginMin, TimeSpan Dwell)
{
    /// <summary>Milliseconds of score one percent of loss costs.</summary>
    public const double LossWeightMs = 10;

    /// <summary>Milliseconds of score one millisecond of jitter costs.</summary>
    public const double JitterWeight = 2;

    /// <summary>
    /// score = rtt + 2·jitter + 10·loss% (milliseconds; lower is better), over the link's sliding window. Null while
    /// nothing was measured (no round trip yet): such a link never wins an election over a measured one.
    /// </summary>
    public static double? Score(Tracking.LinkStats stats) => stats.Rtt is { } rtt
        ? rtt.TotalMilliseconds + JitterWeight * (stats.Jitter ?? TimeSpan.Zero).TotalMilliseconds + LossWeightMs * stats.LossPercent
        : null;

    /// <summary>Whether <paramref name="challenger"/> beats <paramref name="elected"/> by more than the margin.</summary>
    public bool Beats(double? challenger, double? elected) => (challenger, elected) switch
    {
        (null, _) => false,
        ({ }, null) => true,
        ({ } c, { } e) => e - c > Math.Max(e * MarginPercent / 100, MarginMin.TotalMilliseconds),
    };
}
