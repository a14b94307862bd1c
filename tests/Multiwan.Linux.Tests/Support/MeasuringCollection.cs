namespace Multiwan.Support;

/// <summary>
/// Tests whose assertions include a measured time (round trips through the lab's delay line, a restarted daemon's
/// first answer) run in this collection: alone, after every parallel collection of the assembly has finished, so the
/// suite's own parallel tests do not add their scheduling latency to what is measured. The bounds are unchanged.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuringCollection
{
    public const string Name = "measuring";
}
