namespace Multiwan.Tracking;

/// <summary>
/// One target's figures over its sliding window: loss in percent of the probes in the window, average RTT of the
/// answered ones, and jitter as the mean absolute difference of consecutive answered RTTs. Null when unknown.
/// </summary>
public readonly record struct TargetStats(
    string Target,
    int Samples,
    int Lost,
    TimeSpan? Rtt,
    TimeSpan? Jitter,
    ProbeOutcome? Last,
    bool Secondary = false)
{
    public double LossPercent => Samples == 0 ? 0 : 100.0 * Lost / Samples;
}
