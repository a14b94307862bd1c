namespace Multiwan.Tracking;

/// <summary>A fixed-size ring of one target's most recent probe outcomes, with its statistics.</summary>
internal sealed class ProbeWindow(string target, int capacity)
{
    private readonly ProbeOutcome[] _samples = new ProbeOutcome[Math.Max(capacity, 1)];
    private int _next;
    private int _count;

    public string Target => target;

    /// <summary>A secondary target (next-hop ARP): kept out of the link's figures.</summary>
    public bool Secondary { get; private set; }

    public void Add(ProbeOutcome outcome, bool secondary = false)
    {
        Secondary = secondary;
        _samples[_next] = outcome;
        _next = (_next + 1) % _samples.Length;
        _count = Math.Min(_count + 1, _samples.Length);
    }

    public void Clear()
    {
        _next = 0;
        _count = 0;
    }

    public TargetStats Stats()
    {
        var lost = 0;
        var answered = 0;
        long rttSum = 0;
        long jitterSum = 0;
        var jitterPairs = 0;
        var answeredInARow = 0;
        var lostInARow = 0;
        TimeSpan? previous = null;
        for (var i = 0; i < _count; i++)
        {
            // Oldest first, so that "consecutive" means in the order the probes were sent.
            var sample = _samples[(_next - _count + i + _samples.Length) % _samples.Length];
            if (!sample.IsAlive)
            {
                lost++;
                lostInARow++;
                answeredInARow = 0;
                continue;
            }

            answered++;
            answeredInARow++;
            lostInARow = 0;
            rttSum += sample.Rtt.Ticks;
            if (previous is { } p)
            {
                jitterSum += Math.Abs(sample.Rtt.Ticks - p.Ticks);
                jitterPairs++;
            }

            previous = sample.Rtt;
        }

        return new TargetStats(
            target,
            _count,
            lost,
            answered == 0 ? null : TimeSpan.FromTicks(rttSum / answered),
            jitterPairs == 0 ? null : TimeSpan.FromTicks(jitterSum / jitterPairs),
            _count == 0 ? null : _samples[(_next - 1 + _samples.Length) % _samples.Length],
            Secondary,
            answeredInARow,
            lostInARow);
    }
}
