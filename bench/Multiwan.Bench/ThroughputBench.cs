using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// <c>throughput</c>: iperf3 from the LAN client to the internet through the router, alternating plain forwarding
/// (a one-rule masquerade table, routes from main) and multiwan's applied ruleset, in the same lab and run.
/// The ratio is the median with rules over the median without.
/// </summary>
internal static class ThroughputBench
{
    private const int IperfPort = 5201;

    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "Length of each iperf3 run", DefaultValueFactory = _ => 5 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds; each round runs plain then with rules", DefaultValueFactory = _ => 3 };
        var command = new Command("throughput", "Forwarding throughput with multiwan's rules against plain forwarding, iperf3 (target: ratio ≥ 0.95)") { seconds, rounds };
        command.SetAction((pr, ct) => BenchRun.RunAsync("throughput", TimeSpan.FromMinutes(10),
            (context, token) => RunAsync(context, pr.GetValue(seconds), pr.GetValue(rounds), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, int seconds, int rounds, CancellationToken cancellationToken)
    {
        await using var bench = await BenchLab.CreateAsync(new LabOptions { Isps = 2, Targets = 3, Responders = false }, cancellationToken).ConfigureAwait(false);
        var target = bench.Lab.Targets[0].ToString();
        using var server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", bench.Lab.InternetNamespace, "iperf3", "-s", "-p", $"{IperfPort}", "-B", target])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new LabException("bench: cannot start iperf3");

        // Drain the server's per-second report lines: unread, they fill the pipe on long runs and stall iperf3.
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            await WaitListeningAsync(bench, cancellationToken).ConfigureAwait(false);
            var plain = new List<double>();
            var rules = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                await bench.CleanupAsync(cancellationToken).ConfigureAwait(false);
                await bench.Runner.RunAsync(["nft", "-f", "-"], PlainNat, cancellationToken).ConfigureAwait(false);
                plain.Add(await IperfAsync(bench, target, seconds, cancellationToken).ConfigureAwait(false));
                BenchContext.Progress($"round {r + 1} plain: {plain[^1]:0} Mbit/s");

                await bench.Runner.RunAsync(["nft", "delete", "table", "ip", "benchplain"], null, cancellationToken).ConfigureAwait(false);
                await bench.ApplyAsync(bench.Balanced(1, 1), bench.AllOnline(), cancellationToken).ConfigureAwait(false);
                await bench.FlushConntrackAsync(cancellationToken).ConfigureAwait(false);
                rules.Add(await IperfAsync(bench, target, seconds, cancellationToken).ConfigureAwait(false));
                BenchContext.Progress($"round {r + 1} multiwan: {rules[^1]:0} Mbit/s");
            }

            var ratio = Math.Round(Stats.Median(rules) / Stats.Median(plain), 3);
            context.Note($"plain runs {string.Join(", ", plain.Select(v => v.ToString("0", global::System.Globalization.CultureInfo.InvariantCulture)))} Mbit/s; with rules {string.Join(", ", rules.Select(v => v.ToString("0", global::System.Globalization.CultureInfo.InvariantCulture)))} Mbit/s");
            return
            [
                new BenchFigure("plain forwarding (median)", Math.Round(Stats.Median(plain)), "Mbit/s"),
                new BenchFigure("with multiwan rules (median)", Math.Round(Stats.Median(rules)), "Mbit/s"),
                new BenchFigure("ratio rules / plain", ratio, "", ">= 0.95", ratio >= 0.95),
            ];
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The plain router: main table routes (default via wan1) and masquerade on the WANs, nothing else.</summary>
    private const string PlainNat = "table ip benchplain {\n  chain postrouting {\n    type nat hook postrouting priority srcnat;\n    oifname \"wan*\" masquerade\n  }\n}\n";

    private static async Task<double> IperfAsync(BenchLab bench, string target, int seconds, CancellationToken cancellationToken)
    {
        var runner = new Multiwan.System.ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(seconds + 20), bench.Lab.LanNamespace);
        var result = await runner.RunAsync(["iperf3", "-c", target, "-p", $"{IperfPort}", "-t", $"{seconds}", "-O", "1", "-J"], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new LabException($"bench: {result.Describe()}");
        }

        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
    }

    private static async Task WaitListeningAsync(BenchLab bench, CancellationToken cancellationToken)
    {
        var runner = new Multiwan.System.ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(5), bench.Lab.InternetNamespace);
        for (var i = 0; i < 50; i++)
        {
            var ss = await runner.RunAsync(["ss", "-ltnH", $"sport = :{IperfPort}"], null, cancellationToken).ConfigureAwait(false);
            if (ss.Succeeded && ss.Stdout.Contains("LISTEN", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        throw new LabException("bench: iperf3 server did not start listening");
    }
}
