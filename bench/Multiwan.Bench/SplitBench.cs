using System.CommandLine;

namespace Multiwan.Bench;

/// <summary>
/// <c>split</c>: weights 1:3 and 2:1 applied by the real planner and applier; N new TCP connections from the LAN
/// client, counted at the internet side by the ISP's NAT address; deviation of wan1's share from its weight share. With
/// <c>--family 6</c>: every link dual-stack (NAT66), IPv6 connections to the first IPv6 target, counted by the router's
/// IPv6 WAN address.
/// </summary>
internal static class SplitBench
{
    public static Command Create()
    {
        var connections = new Option<int>("--connections") { Description = "New TCP connections per weight pair", DefaultValueFactory = _ => 2000 };
        var family = BenchFamily.CreateOption();
        var command = new Command("split", "Balance split against weights 1:3 and 2:1 over N connections (target: within ±3 points)") { connections, family };
        command.SetAction((pr, ct) => BenchRun.RunAsync("split", TimeSpan.FromMinutes(5), (_, token) => RunAsync(pr.GetValue(connections), new BenchFamily(pr.GetValue(family)), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(int connections, BenchFamily family, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        await using var bench = await BenchLab.CreateAsync(new Lab.LabOptions { Isps = 2, Targets = 3 }, cancellationToken).ConfigureAwait(false);
        foreach (var (w1, w2) in new[] { (1, 3), (2, 1) })
        {
            await bench.ApplyAsync(family.Is6 ? bench.DualStack(w1, w2) : bench.Balanced(w1, w2), bench.AllOnline(), cancellationToken).ConfigureAwait(false);
            await bench.FlushConntrackAsync(cancellationToken).ConfigureAwait(false);
            bench.Lab.Tcp!.Connections.Reset();
            BenchContext.Progress($"weights {w1}:{w2}: {connections} connections");
            var failures = await bench.ConnectManyAsync(connections, cancellationToken, target: family.Target(bench.Lab)).ConfigureAwait(false);

            var isp1 = bench.Lab.Tcp.Connections[family.SeenVia(bench.Lab.Isp(1))];
            var isp2 = bench.Lab.Tcp.Connections[family.SeenVia(bench.Lab.Isp(2))];
            var want = 100.0 * w1 / (w1 + w2);
            var got = isp1 + isp2 == 0 ? double.NaN : 100.0 * isp1 / (isp1 + isp2);
            var deviation = Math.Round(Math.Abs(got - want), 2);
            figures.Add(new BenchFigure($"{w1}:{w2} wan1 share (want {want:0.#} %)", Math.Round(got, 2), "%"));
            figures.Add(new BenchFigure($"{w1}:{w2} deviation", deviation, "points", "<= 3", deviation <= 3));
            figures.Add(new BenchFigure($"{w1}:{w2} connections counted", isp1 + isp2, "conn"));
            figures.Add(new BenchFigure($"{w1}:{w2} failed connects", failures, "conn"));
        }

        return figures;
    }
}
