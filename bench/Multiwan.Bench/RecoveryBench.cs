using System.CommandLine;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>
/// <c>recovery</c>: balanced 1:1; ISP1's upstream dies, wan1 goes offline, then the fault clears. From the clearing
/// to the daemon reporting wan1 online, and to the first new TCP connection (one every 20 ms) arriving via ISP1 again,
/// i.e. traffic balanced over both links again. Median and max over the runs. With <c>--family 6</c>: IPv6 traffic, the
/// IPv6-only upstream fault, and wan1's IPv6 state.
/// </summary>
internal static class RecoveryBench
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Fault/repair cycles to time", DefaultValueFactory = _ => 5 };
        var outage = new Option<int>("--outage-seconds") { Description = "How long wan1 stays offline before the fault clears", DefaultValueFactory = _ => 1 };
        var family = BenchFamily.CreateOption();
        var command = new Command("recovery", "From the fault clearing to traffic balanced again (target: <= 6 s)") { runs, outage, family };
        command.SetAction((pr, ct) => BenchRun.RunAsync("recovery", TimeSpan.FromMinutes(30),
            (_, token) => RunAsync(pr.GetValue(runs), TimeSpan.FromSeconds(pr.GetValue(outage)), new BenchFamily(pr.GetValue(family)), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(int runs, TimeSpan outage, BenchFamily family, CancellationToken cancellationToken)
    {
        await using var bench = await DaemonBench.StartAsync(new LabOptions { Isps = 2, Targets = 3 }, new LabDaemonSettings { Weights = [1, 1] }, family, cancellationToken).ConfigureAwait(false);
        var lab = bench.Lab;
        var isp1 = family.SeenVia(lab.Isp(1));
        var online = new List<double>();
        var traffic = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            await family.SetUpstreamDeadAsync(lab, 1, dead: true, cancellationToken).ConfigureAwait(false);
            if (await bench.WaitForStateAsync("wan1", TimeSpan.FromSeconds(20), cancellationToken, LinkState.Offline).ConfigureAwait(false) is null)
            {
                throw new LabException($"bench: wan1 did not go offline; daemon log:\n{bench.Daemon.Tail()}");
            }

            await using (family.Traffic(lab, null, TimeSpan.FromMilliseconds(20)))
            {
                await Task.Delay(outage, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                lab.Tcp!.Connections.Reset();
                var clear = TimeProvider.System.GetTimestamp();
                await family.SetUpstreamDeadAsync(lab, 1, dead: false, cancellationToken).ConfigureAwait(false);
                var up = await bench.WaitForStateAsync("wan1", TimeSpan.FromSeconds(60), cancellationToken, LinkState.Online).ConfigureAwait(false);
                online.Add(up is { } u ? Stats.Ms(u) : double.PositiveInfinity);
                while (lab.Tcp.Connections.FirstSeen(isp1) is null && TimeProvider.System.GetElapsedTime(clear) < TimeSpan.FromSeconds(60))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                traffic.Add(lab.Tcp.Connections.FirstSeen(isp1) is { } seen ? Stats.Ms(TimeProvider.System.GetElapsedTime(clear, seen)) : double.PositiveInfinity);
                BenchContext.Progress($"run {run + 1}: wan1 online after {online[^1]:0} ms, first new TCP via ISP1 after {traffic[^1]:0} ms");
            }
        }

        return
        [
            new BenchFigure("runs", runs, "n"),
            new BenchFigure("offline for", outage.TotalSeconds, "s"),
            new BenchFigure(family.Is6 ? "wan1 online for IPv6 (status), median" : "wan1 online (status), median", Stats.Median(online), "ms"),
            new BenchFigure("new TCP via ISP1 again, median", Stats.Median(traffic), "ms", "<= 6000 ms", Stats.Median(traffic) <= 6000),
            new BenchFigure("new TCP via ISP1 again, max", traffic.Max(), "ms"),
        ];
    }
}
