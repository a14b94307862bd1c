using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>
/// <c>apply-latency</c>: from a decision (new link states known) to the kernel done, the daemon's path: plan with the
/// planner, then <see cref="KernelUpdater"/> over <see cref="LinuxKernelIo"/> (the libnftables transaction and rtnetlink reconcile, then ctnetlink deletion
/// for the link that went down), alternating "both online" and "wan1 offline" so every apply changes
/// something. Interface facts are read once beforehand (the daemon caches them and re-reads on netlink events). With
/// <c>--family 6</c> the links are dual-stack (NAT66) and it is wan1's IPv6 state that alternates (IPv4 stays online):
/// the IPv6 tables, rules and routes and the IPv6 conntrack deletion.
/// </summary>
internal static class ApplyLatencyBench
{
    public static Command Create()
    {
        var applies = new Option<int>("--applies") { Description = "Applies to time (alternating two plans)", DefaultValueFactory = _ => 200 };
        var family = BenchFamily.CreateOption();
        var command = new Command("apply-latency", "Kernel apply latency, decision to kernel done, p50/p99 (target: p50 ≤ 5 ms, p99 ≤ 10 ms)") { applies, family };
        command.SetAction((pr, ct) => BenchRun.RunAsync("apply-latency", TimeSpan.FromMinutes(5), (_, token) => RunAsync(pr.GetValue(applies), new BenchFamily(pr.GetValue(family)), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(int applies, BenchFamily family, CancellationToken cancellationToken)
    {
        await using var bench = await BenchLab.CreateAsync(new Lab.LabOptions { Isps = 2, Targets = 3, Responders = false }, cancellationToken).ConfigureAwait(false);
        var config = family.Is6 ? bench.DualStack(1, 1) : bench.Balanced(1, 1);
        var facts = await bench.FactsAsync(config, cancellationToken).ConfigureAwait(false);
        // The daemon's own path: KernelUpdater = applier, then conntrack deletion for a link that went down.
        var updater = new KernelUpdater(bench.Applier(config), new ConntrackCleaner(bench.Io, NullLogger.Instance), config);
        Dictionary<string, LinkState>[] states =
        [
            bench.AllOnline(),
            new() { ["wan1"] = LinkState.Offline, ["wan2"] = LinkState.Online },
        ];

        // Plan and apply number i: on IPv4 the link states alternate; on IPv6 IPv4 stays online and wan1's IPv6 state alternates.
        Task<ApplyResult> ApplyAsync(int i)
        {
            var v4 = family.Is6 ? states[0] : states[i % 2];
            var v6 = family.Is6 ? states[i % 2] : null;
            return updater.ApplyAsync(KernelPlanner.Plan(config, v4, facts, states6: v6), v4, cancellationToken, v6);
        }

        // Warm-up: the first apply creates the table and routes; JIT and page cache settle.
        for (var i = 0; i < 4; i++)
        {
            await ApplyAsync(i).ConfigureAwait(false);
        }

        var samples = new List<double>(applies);
        var failures = 0;
        BenchContext.Progress($"{applies} applies");
        for (var i = 0; i < applies; i++)
        {
            var t0 = TimeProvider.System.GetTimestamp();
            var result = await ApplyAsync(i).ConfigureAwait(false);
            samples.Add(Stats.Ms(TimeProvider.System.GetElapsedTime(t0)));
            failures += result.Succeeded ? 0 : 1;
        }

        var p50 = Stats.Percentile(samples, 50);
        var p99 = Stats.Percentile(samples, 99);
        return
        [
            new BenchFigure("applies", applies, "n"),
            new BenchFigure("failed applies", failures, "n", "0", failures == 0),
            new BenchFigure("p50", p50, "ms", "<= 5 ms", p50 <= 5),
            new BenchFigure("p99", p99, "ms", "<= 10 ms", p99 <= 10),
            new BenchFigure("max", samples.Max(), "ms"),
            new BenchFigure("p99, wan1 goes down (apply + conntrack deletion)", Stats.Percentile(Every(samples, 1), 99), "ms"),
            new BenchFigure("p99, wan1 returns (apply only)", Stats.Percentile(Every(samples, 0), 99), "ms"),
        ];
    }

    /// <summary>Samples at odd or even positions: the applies toward "wan1 offline" (1) or back to "both online" (0).</summary>
    private static List<double> Every(List<double> samples, int parity) => [.. samples.Where((_, i) => i % 2 == parity)];
}
