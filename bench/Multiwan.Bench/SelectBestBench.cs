using System.CommandLine;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// <c>select-best</c>: two healthy links within the margin (delay lines: ISP1 10 ms, ISP2 11 ms, both ±2 ms jitter),
/// policy <c>best</c> with <c>select: best</c> (default margin 20 % / 5 ms, dwell 60 s) taking every new connection;
/// for N minutes, the elected link is read every second and a new TCP connection is made every second. Target: the
/// election never changes and every connection leaves by the elected link.
/// </summary>
internal static class SelectBestBench
{
    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Minutes of two near-equal links", DefaultValueFactory = _ => 10 };
        var command = new Command("select-best", "select: best with two links inside the margin for N minutes (target: no change of the elected link)") { minutes };
        command.SetAction((pr, ct) =>
        {
            var m = pr.GetValue(minutes);
            return BenchRun.RunAsync("select-best", TimeSpan.FromMinutes(m + 3), (context, token) => RunAsync(context, m, token), ct);
        });
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, double minutes, CancellationToken cancellationToken)
    {
        var settings = new LabDaemonSettings
        {
            Extra = ["policies:", "  - name: best", "    select: best", "rules:", "  - name: all", "    use: best"],
        };
        await using var bench = await DaemonBench.StartAsync(new LabOptions { Isps = 2, Targets = 3, DelayLines = true }, settings, cancellationToken).ConfigureAwait(false);
        await bench.Lab.Faults.SetDelayAsync(1, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(2)).ConfigureAwait(false);
        await bench.Lab.Faults.SetDelayAsync(2, TimeSpan.FromMilliseconds(11), TimeSpan.FromMilliseconds(2)).ConfigureAwait(false);
        await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(35), TimeProvider.System, cancellationToken).ConfigureAwait(false); // a full window at the new delays

        var lab = bench.Lab;
        string? elected = null;
        var (changes, samples, offElected, failed) = (0, 0, 0, 0);
        var end = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(minutes);
        BenchContext.Progress($"ISP1 10 ms, ISP2 11 ms (±2 ms each) for {minutes} min");
        while (TimeProvider.System.GetUtcNow() < end)
        {
            var status = await bench.Daemon.StatusAsync(cancellationToken).ConfigureAwait(false);
            var now = status?.Policies.SingleOrDefault(p => p.Name == "best")?.Active is [var only] ? only : null;
            if (now is not null && elected is not null && now != elected)
            {
                changes++;
                context.Note($"{TimeProvider.System.GetUtcNow():HH:mm:ss} elected {elected} -> {now}");
            }

            elected = now ?? elected;
            samples++;
            var isp = elected == "wan1" ? lab.Isp(1) : lab.Isp(2);
            var other = elected == "wan1" ? lab.Isp(2) : lab.Isp(1);
            var before = (lab.Tcp!.Connections[isp.InternetAddress], lab.Tcp.Connections[other.InternetAddress]);
            if (!await ConnectAsync(lab, cancellationToken).ConfigureAwait(false))
            {
                failed++;
            }

            offElected += lab.Tcp.Connections[other.InternetAddress] - before.Item2;
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        context.Note($"elected at the end: {elected}; {samples} samples");
        return
        [
            new BenchFigure($"{minutes} min within the margin: changes of the elected link", changes, "n", "0", changes == 0),
            new BenchFigure($"{minutes} min: new connections via the other link", offElected, "n", "0", offElected == 0),
            new BenchFigure($"{minutes} min: failed connections", failed, "n"),
        ];
    }

    private static async Task<bool> ConnectAsync(LabTopology lab, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); // the run's token, bounded below
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            using var socket = await Netns.ConnectTcpAsync(lab.LanNamespace, new(lab.Targets[0], LabTopology.TcpPort), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is global::System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
