using System.CommandLine;

namespace Multiwan.Bench;

/// <summary>Every benchmark, one per file, in the order docs/BENCHMARKS.md lists them.</summary>
internal static class BenchCatalog
{
    public static IEnumerable<Command> All() =>
    [
        SplitBench.Create(),
        ApplyLatencyBench.Create(),
        ApplyConntrackBench.Create(),
        ThroughputBench.Create(),
        NetlinkBench.Create(),
        OutageBench.Create(carrier: false),
        OutageBench.Create(carrier: true),
        RecoveryBench.Create(),
        RenumberBench.Create(),
        FalseAlarmBench.Create(),
        ResourcesBench.Create(),
        CliBench.Create(),
        SelectBestBench.Create(),
    ];
}
