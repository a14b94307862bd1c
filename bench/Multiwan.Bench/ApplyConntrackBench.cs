using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>
/// <c>apply-conntrack</c>: a link-down apply while the router tracks 10 000 connections of that link and 10 000 of
/// another. Timed: <see cref="KernelUpdater"/> from "both online" to "wan1 offline" (nft transaction, route
/// reconcile, ctnetlink deletion of wan1's entries). Checked: every wan1 entry gone, every wan2 entry still there.
/// </summary>
internal static class ApplyConntrackBench
{
    public static Command Create()
    {
        var entries = new Option<int>("--entries") { Description = "Conntrack entries per link", DefaultValueFactory = _ => 10_000 };
        var rounds = new Option<int>("--rounds") { Description = "Link-down applies to time", DefaultValueFactory = _ => 10 };
        var command = new Command("apply-conntrack", "Link-down apply with N conntrack entries on that link and N on another (target: ≤ 50 ms, the other's intact)") { entries, rounds };
        command.SetAction((pr, ct) => BenchRun.RunAsync("apply-conntrack", TimeSpan.FromMinutes(5), (_, token) => RunAsync(pr.GetValue(entries), pr.GetValue(rounds), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(int entries, int rounds, CancellationToken cancellationToken)
    {
        await using var bench = await BenchLab.CreateAsync(new Lab.LabOptions { Isps = 2, Targets = 3, Responders = false }, cancellationToken).ConfigureAwait(false);
        using var inserter = new ConntrackInserter(bench.Lab.RouterNamespace);
        var config = bench.Balanced(1, 1);
        var facts = await bench.FactsAsync(config, cancellationToken).ConfigureAwait(false);
        var up = bench.AllOnline();
        var down = new Dictionary<string, LinkState> { ["wan1"] = LinkState.Offline, ["wan2"] = LinkState.Online };
        var plan = KernelPlanner.Plan(config, up, facts);
        var (wan1, wan2, mask) = (plan.Links[0].Mark, plan.Links[1].Mark, config.Kernel.MarkMask);
        var client = bench.Lab.LanClientAddress;
        BenchContext.Progress($"{entries} entries of wan2, then {rounds} rounds of {entries} entries of wan1 and a link-down apply");
        var kept = inserter.Insert(client, bench.Lab.Targets[1], 20_000, entries, wan2);

        var samples = new List<double>();
        int deleted = 0, leftOnWan1 = 0, leftOnWan2 = kept, created = 0;
        for (var round = 0; round < rounds && leftOnWan2 == kept; round++)
        {
            var updater = new KernelUpdater(bench.Applier(config), new ConntrackCleaner(bench.Io, NullLogger.Instance), config);
            await updater.ApplyAsync(plan, up, cancellationToken).ConfigureAwait(false);
            created = inserter.Insert(client, bench.Lab.Targets[0], 1_024, entries, wan1);

            var t0 = TimeProvider.System.GetTimestamp();
            var result = await updater.ApplyAsync(KernelPlanner.Plan(config, down, facts), down, cancellationToken).ConfigureAwait(false);
            samples.Add(Stats.Ms(TimeProvider.System.GetElapsedTime(t0)));
            deleted = result.Succeeded ? DeletedOf(result) : -1;
            leftOnWan1 = await bench.CountMarkedAsync(wan1, mask, cancellationToken).ConfigureAwait(false);
            leftOnWan2 = await bench.CountMarkedAsync(wan2, mask, cancellationToken).ConfigureAwait(false);
        }

        var worst = samples.Max();
        return
        [
            new BenchFigure("entries per link", entries, "n"),
            new BenchFigure("wan1 entries created (last round)", created, "n", $"{entries}", created == entries),
            new BenchFigure("wan1 entries deleted by the apply (last round)", deleted, "n", $"{entries}", deleted == entries),
            new BenchFigure("wan1 entries left", leftOnWan1, "n", "0", leftOnWan1 == 0),
            new BenchFigure("wan2 entries left", leftOnWan2, "n", $"{entries}", leftOnWan2 == entries),
            new BenchFigure("link-down apply, p50", Stats.Percentile(samples, 50), "ms"),
            new BenchFigure("link-down apply, max", worst, "ms", "<= 50 ms", worst <= 50),
        ];
    }

    /// <summary>The count in the applier's <c>conntrack -D --mark V/M (N deleted, link down)</c> change.</summary>
    private static int DeletedOf(ApplyResult result) =>
        result.Changes.Where(c => c.Kind == KernelChangeKind.Conntrack)
            .Select(c => int.Parse(c.Text.Split('(')[1].Split(' ')[0], global::System.Globalization.CultureInfo.InvariantCulture))
            .Sum();
}
