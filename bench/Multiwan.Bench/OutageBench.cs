using System.CommandLine;
using System.Net;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// <c>outage-upstream</c> and <c>outage-carrier</c>: multiwan in failover mode (wan1 first, so every flow starts on
/// the link that will fail); a UDP stream (a datagram every 10 ms) and a new TCP connection every 20 ms from the LAN.
/// From the fault to the first datagram and to the first new connection that arrive at the internet via ISP2; the
/// fault is then cleared and the next run waits for wan1 online again. Median and max over the runs. With
/// <c>--family 6</c> (<see cref="BenchFamily"/>) the traffic is IPv6 and the upstream fault drops only IPv6.
/// </summary>
internal static class OutageBench
{
    public static Command Create(bool carrier)
    {
        var name = carrier ? "outage-carrier" : "outage-upstream";
        var runs = new Option<int>("--runs") { Description = "Faults to time", DefaultValueFactory = _ => 10 };
        var family = BenchFamily.CreateOption();
        var command = new Command(name, carrier
            ? "Carrier down on wan1 to traffic via ISP2 (target: <= 0.3 s)"
            : "ISP1 upstream dead (modem alive) to traffic via ISP2 (target: median <= 2 s)") { runs, family };
        command.SetAction((pr, ct) => BenchRun.RunAsync(name, TimeSpan.FromMinutes(10), (context, token) => RunAsync(context, carrier, pr.GetValue(runs), new BenchFamily(pr.GetValue(family)), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, bool carrier, int runs, BenchFamily family, CancellationToken cancellationToken)
    {
        await using var bench = await DaemonBench.StartAsync(new LabOptions { Isps = 2, Targets = 3 }, new LabDaemonSettings { Mode = "failover" }, family, cancellationToken).ConfigureAwait(false);
        var lab = bench.Lab;
        var isp2 = family.SeenVia(lab.Isp(2));
        var udp = new List<double>();
        var tcp = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            await using (family.Traffic(lab, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)))
            {
                if (!await SteadyOnIsp1Async(lab, isp2, cancellationToken).ConfigureAwait(false))
                {
                    context.Note($"run {run + 1}: traffic still reached the internet via ISP2 5 s after wan1 was online (failover mode should use wan1 only)");
                }

                // A random phase against the daemon's probe rounds, so the runs sample every point of the interval.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000)), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                lab.Udp!.Datagrams.Reset();
                lab.Tcp!.Connections.Reset();
                var fault = TimeProvider.System.GetTimestamp();
                await SetFaultAsync(lab, family, carrier, true, cancellationToken).ConfigureAwait(false);
                while ((lab.Udp.Datagrams.FirstSeen(isp2) is null || lab.Tcp.Connections.FirstSeen(isp2) is null)
                    && TimeProvider.System.GetElapsedTime(fault) < TimeSpan.FromSeconds(20))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                var u = Since(fault, lab.Udp.Datagrams.FirstSeen(isp2));
                var t = Since(fault, lab.Tcp.Connections.FirstSeen(isp2));
                udp.Add(u);
                tcp.Add(t);
                BenchContext.Progress($"run {run + 1}: first UDP via ISP2 after {u:0} ms, first new TCP after {t:0} ms");
            }

            await SetFaultAsync(lab, family, carrier, false, cancellationToken).ConfigureAwait(false);
        }

        var target = carrier ? 300.0 : 2000.0;
        var label = carrier ? "<= 300 ms" : "<= 2000 ms";
        return
        [
            new BenchFigure("runs", runs, "n"),
            new BenchFigure("UDP via ISP2, median", Stats.Median(udp), "ms", label, Stats.Median(udp) <= target),
            new BenchFigure("UDP via ISP2, max", udp.Max(), "ms"),
            new BenchFigure("new TCP via ISP2, median", Stats.Median(tcp), "ms", label, Stats.Median(tcp) <= target),
            new BenchFigure("new TCP via ISP2, max", tcp.Max(), "ms"),
        ];
    }

    /// <summary>Waits (up to 5 s) for a 500 ms window in which no datagram and no new connection arrived via ISP2.</summary>
    private static async Task<bool> SteadyOnIsp1Async(LabTopology lab, IPAddress isp2, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10; i++)
        {
            lab.Udp!.Datagrams.Reset();
            lab.Tcp!.Connections.Reset();
            await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            if (lab.Udp.Datagrams[isp2] == 0 && lab.Tcp.Connections[isp2] == 0 && lab.Udp.Datagrams.Total > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Milliseconds from <paramref name="start"/> to <paramref name="seen"/>; infinity when it never happened (within 20 s).</summary>
    private static double Since(long start, long? seen) => seen is { } s ? Stats.Ms(TimeProvider.System.GetElapsedTime(start, s)) : double.PositiveInfinity;

    private static Task SetFaultAsync(LabTopology lab, BenchFamily family, bool carrier, bool on, CancellationToken cancellationToken) => carrier
        ? lab.Faults.SetCarrierAsync(1, up: !on, LabSide.Isp, cancellationToken)
        : family.SetUpstreamDeadAsync(lab, 1, dead: on, cancellationToken);
}
