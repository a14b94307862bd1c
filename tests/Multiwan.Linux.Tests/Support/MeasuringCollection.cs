namespace Multiwan.Support;

/// <summary>
/// Tests whose assertions include a measured time (round trips through the lab's delay line, a restarted daemon's
/// first answer, a probe's RTT and that its timeout is honoured) or whose verdicts rest on real-time probe timeouts
/// (the prober and tracker against lab faults) run in this collection: alone, after every parallel collection of the
/// assembly has finished, so the suite's own parallel tests do not add their scheduling latency to what is measured.
/// The bounds are unchanged. Running alone is not a licence for a tight bound: a test's claim is its behaviour, a
/// figure belongs in a benchmark (docs/LAB.md, "Time in lab tests").
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuringCollection
{
    public const string Name = "measuring";
}
