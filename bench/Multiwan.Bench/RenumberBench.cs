using System.CommandLine;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// <c>renumber</c>: balanced 1:1, new TCP connections every 20 ms; ISP1 moves wan1 to a new address and gateway
/// (DHCP-like: both ends re-addressed, the main default route replaced). From the change to the first new connection
/// that arrives via ISP1 again (the daemon has re-read the addresses from rtnetlink and re-planned its routes).
/// </summary>
internal static class RenumberBench
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Renumberings to time", DefaultValueFactory = _ => 5 };
        var command = new Command("renumber", "DHCP-like new address and gateway on wan1 to new connections via ISP1 again") { runs };
        command.SetAction((pr, ct) => BenchRun.RunAsync("renumber", TimeSpan.FromMinutes(5), (_, token) => RunAsync(pr.GetValue(runs), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(int runs, CancellationToken cancellationToken)
    {
        await using var bench = await DaemonBench.StartAsync(new LabOptions { Isps = 2, Targets = 3 }, new LabDaemonSettings { Weights = [1, 1] }, cancellationToken).ConfigureAwait(false);
        var lab = bench.Lab;
        var isp1 = lab.Isp(1).InternetAddress;
        var samples = new List<double>();
        await using (new LabTraffic(lab, null, TimeSpan.FromMilliseconds(20)))
        {
            for (var run = 0; run < runs; run++)
            {
                await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(0, 1000)), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                var change = TimeProvider.System.GetTimestamp();
                var isp = await lab.Faults.RenumberAsync(1, cancellationToken).ConfigureAwait(false);

                // Counted from here: the old address is gone from the router, so whatever arrives via ISP1 used the new one.
                lab.Tcp!.Connections.Reset();
                while (lab.Tcp.Connections.FirstSeen(isp1) is null && TimeProvider.System.GetElapsedTime(change) < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                samples.Add(lab.Tcp.Connections.FirstSeen(isp1) is { } first ? Stats.Ms(TimeProvider.System.GetElapsedTime(change, first)) : double.PositiveInfinity);
                BenchContext.Progress($"run {run + 1}: wan1 now {isp.RouterCidr} via {isp.Gateway}; first new TCP via ISP1 after {samples[^1]:0} ms");
            }
        }

        return
        [
            new BenchFigure("runs", runs, "n"),
            new BenchFigure("new TCP via ISP1's new address, median", Stats.Median(samples), "ms"),
            new BenchFigure("new TCP via ISP1's new address, max", samples.Max(), "ms"),
        ];
    }
}
