namespace Multiwan.Tracking;

/// <summary>
/// One target's figures over its sliding window: loss in percent of the probes in the window, average RTT of the
/// answered ones, and jitter as the mean absolute difference of consecutive answered RTTs. Null when unknown.
/// <see cref="AnsweredInARow"/> and <see cref="LostInARow"/> count the most recent run (one of them is 0).
/// </summary>
public readonly record struct TargetStats(
    string Target,
    int Samples,
    int Lost,
    TimeSpan? Rtt,
    TimeSpan? Jitter,
    ProbeOutcome? Last,
    bool Secondary = false,
    int AnsweredInARow = 0,
    int LostInARow = 0)
{
    public double LossPercent => Samples == 0 ? 0 : 100.0 * Lost / Samples;
}
