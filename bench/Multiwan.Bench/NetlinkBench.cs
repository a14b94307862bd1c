using System.CommandLine;
using System.Threading.Channels;
using Multiwan.Lab;
using Multiwan.Netlink;

namespace Multiwan.Bench;

/// <summary>
/// <c>netlink</c>: carrier down (and up) on router WAN wan1, made on the ISP's end of the cable, until multiwan's
/// rtnetlink listener in the router namespace yields the matching <see cref="LinkChanged"/>. Measured from just before
/// the <c>ip link set</c> process starts, so it includes spawning <c>ip</c> (a few ms).
/// </summary>
internal static class NetlinkBench
{
    public static Command Create()
    {
        var flaps = new Option<int>("--flaps") { Description = "Carrier down/up cycles", DefaultValueFactory = _ => 20 };
        var command = new Command("netlink", "Carrier down on a router WAN to the rtnetlink event seen by multiwan's listener") { flaps };
        command.SetAction((pr, ct) => BenchRun.RunAsync("netlink", TimeSpan.FromMinutes(3), (_, token) => RunAsync(pr.GetValue(flaps), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(int flaps, CancellationToken cancellationToken)
    {
        await using var bench = await BenchLab.CreateAsync(new LabOptions { Isps = 2, Targets = 1, Responders = false }, cancellationToken).ConfigureAwait(false);
        var router = bench.Lab.RouterNamespace;
        var listener = new RtnetlinkListener(TimeProvider.System, open: () => Netns.Run(router, RtnetlinkSocket.Open));
        var events = Channel.CreateUnbounded<(long Seen, LinkChanged Link)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = Task.Run(async () =>
        {
            await foreach (var e in listener.ListenAsync(stop.Token).ConfigureAwait(false))
            {
                if (e is LinkChanged link && link.Name == "wan1")
                {
                    events.Writer.TryWrite((TimeProvider.System.GetTimestamp(), link));
                }
            }
        }, CancellationToken.None);

        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var down = new List<double>();
        var up = new List<double>();
        try
        {
            for (var i = 0; i < flaps; i++)
            {
                down.Add(await FlapAsync(bench, events.Reader, carrier: false, cancellationToken).ConfigureAwait(false));
                up.Add(await FlapAsync(bench, events.Reader, carrier: true, cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The listener ends by cancellation.
            }
        }

        return
        [
            new BenchFigure("carrier down -> event, median", Stats.Median(down), "ms"),
            new BenchFigure("carrier down -> event, max", down.Max(), "ms"),
            new BenchFigure("carrier up -> event, median", Stats.Median(up), "ms"),
            new BenchFigure("carrier up -> event, max", up.Max(), "ms"),
        ];
    }

    private static async Task<double> FlapAsync(BenchLab bench, ChannelReader<(long Seen, LinkChanged Link)> reader, bool carrier, CancellationToken cancellationToken)
    {
        while (reader.TryRead(out _))
        {
            // Drop events from before this flap.
        }

        // Cancellation sources: the benchmark's bound and 5 s per flap.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var t0 = TimeProvider.System.GetTimestamp();
        await bench.Lab.Faults.SetCarrierAsync(1, carrier, LabSide.Isp, linked.Token).ConfigureAwait(false);
        while (true)
        {
            var (seen, link) = await reader.ReadAsync(linked.Token).ConfigureAwait(false);
            if (link.Carrier == carrier)
            {
                return Stats.Ms(TimeProvider.System.GetElapsedTime(t0, seen));
            }
        }
    }
}
