using Multiwan.Tracking;

namespace Multiwan.Events;

/// <summary>
/// One target's probe counts over its sliding window, as lsm's event scripts get them: answered and timed out in the
/// window, and the current run of answers or of losses. multiwan records a probe once it is answered or has timed
/// out, and counts a late answer as a loss, so lsm's "waiting" and "late" counts have no counterpart (they are 0).
/// </summary>
public sealed record ProbeCounters(int Answered, int TimedOut, int AnsweredInARow, int LostInARow)
{
    public static ProbeCounters Of(TargetStats stats) => new(stats.Samples - stats.Lost, stats.Lost, stats.AnsweredInARow, stats.LostInARow);
}
