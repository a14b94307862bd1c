using System.CommandLine;
using System.Globalization;
using Multiwan.Control;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan demo</c>: builds a namespace lab (LAN client, router, 2 ISPs, an "internet"), runs <c>multiwan run</c> in
/// the router, streams traffic from the LAN and shows live which ISP carries it while ISP1's upstream dies (its modem
/// still answers) and comes back. Everything is torn down at the end, on error and on Ctrl-C. Needs root.
/// </summary>
internal static class DemoCommand
{
    internal const int StreamPort = 40000;

    /// <summary>Rules that put streams 1-2 on ISP1 and 3-4 on ISP2 while both are up (random balancing put all four on one ISP in 1 run of 8).</summary>
    internal static readonly string[] DemoStreams =
    [
        "policies:",
        "  - {name: isp1-first, mode: failover, links: [wan1, wan2]}",
        "  - {name: isp2-first, mode: failover, links: [wan2, wan1]}",
        "rules:",
        $"  - {{name: streams-a, protocol: udp, src_port: [\"{StreamPort}-{StreamPort + 1}\"], use: isp1-first}}",
        $"  - {{name: streams-b, protocol: udp, src_port: [\"{StreamPort + 2}-{StreamPort + 3}\"], use: isp2-first}}",
    ];

    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var command = new Command("demo", "Show failover live in a throw-away network-namespace lab (needs root; under a minute)");
        command.SetAction((parsed, ct) => RunAsync(Cli.Output(parsed), Cli.Errors(parsed), ct));
        return command;
    }

    private static async Task<int> RunAsync(TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root")
        {
            return Cli.Error(error, "demo needs root (it creates network namespaces)");
        }

        LabTopology.CleanupLeftovers();
        var t0 = TimeProvider.System.GetTimestamp();
        try
        {
            Say(output, "building the lab: LAN client → router (wan1, wan2) → ISP1, ISP2 (each NATs) → internet (3 targets)");
            await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 }, cancellationToken).ConfigureAwait(false);
            Say(output, $"starting 'multiwan run' in namespace {lab.RouterNamespace}: 2 links balanced 1:1, 3 targets each");
            await using var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], Extra = DemoStreams }, LabDaemon.SelfCommand(), cancellationToken).ConfigureAwait(false);
            if (await WaitAllOnlineAsync(daemon, cancellationToken).ConfigureAwait(false) is null)
            {
                return Cli.Error(error, $"the links did not come online within 20 s; daemon log:\n{daemon.Tail()}");
            }

            Say(output, "both links online; LAN client sends 4 UDP streams (a datagram every 10 ms each) and a new TCP connection every 100 ms");
            Say(output, "streams 1-2 prefer ISP1 and 3-4 ISP2 (two failover policies, by source port), so every run starts with both ISPs carrying UDP");
            Say(output, "each line: what reached the internet during that second, by ISP (the NAT source names the ISP)");
            await using var traffic = new LabTraffic(lab, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), udpFlows: 4, udpSourcePort: StreamPort);
            var view = new DemoView(lab);
            var clock = TimeProvider.System.GetTimestamp();
            await ShowAsync(output, view, daemon, clock, 5, _ => false, cancellationToken).ConfigureAwait(false);

            Say(output, $"FAULT: ISP1's upstream dies (its modem {lab.Isp(1).Gateway} still answers ping)");
            var fault = TimeProvider.System.GetTimestamp();
            await lab.Faults.SetUpstreamDeadAsync(1, true, cancellationToken).ConfigureAwait(false);
            var moved = await ShowAsync(output, view, daemon, clock, 10, v => v.LastUdpShare.GetValueOrDefault(2) > 0.99 && v.LastTcp.GetValueOrDefault(1) == 0, cancellationToken).ConfigureAwait(false);
            await ShowAsync(output, view, daemon, clock, 2, _ => false, cancellationToken).ConfigureAwait(false);
            var failover = await StateChangeAsync(daemon, "wan1", fault, "the fault", cancellationToken).ConfigureAwait(false);
            Say(output, moved ? "every stream and every new connection now leaves through ISP2:" : "traffic did not move completely to ISP2 within 10 s:");
            await PrintStatusAsync(output, daemon, cancellationToken).ConfigureAwait(false);

            Say(output, "ISP1's upstream is back");
            var repair = TimeProvider.System.GetTimestamp();
            await lab.Faults.SetUpstreamDeadAsync(1, false, cancellationToken).ConfigureAwait(false);
            var back = await ShowAsync(output, view, daemon, clock, 15, v => v.LastTcp.GetValueOrDefault(1) > 0 && v.LastTcp.GetValueOrDefault(2) > 0, cancellationToken).ConfigureAwait(false);
            await ShowAsync(output, view, daemon, clock, 3, _ => false, cancellationToken).ConfigureAwait(false);
            var recovery = await StateChangeAsync(daemon, "wan1", repair, "the repair", cancellationToken).ConfigureAwait(false);
            Say(output, back ? "new connections are balanced over both ISPs again (running UDP streams stay where they are):" : "ISP1 did not take new connections again within 15 s:");
            await PrintStatusAsync(output, daemon, cancellationToken).ConfigureAwait(false);

            Say(output, string.Create(CultureInfo.InvariantCulture, $"summary: {failover}; {recovery}"));
            Say(output, $"done in {TimeProvider.System.GetElapsedTime(t0).TotalSeconds:0} s; tearing down: stopping the daemon, deleting namespaces {lab.Prefix}-*");
            return moved && back ? Cli.Ok : Cli.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Say(output, "interrupted: tearing down");
            return Cli.Failure;
        }
        catch (LabException e)
        {
            return Cli.Error(error, e.Message);
        }
    }

    /// <summary>Prints one line per second for up to <paramref name="seconds"/> s; true as soon as <paramref name="done"/> holds for a line.</summary>
    private static async Task<bool> ShowAsync(TextWriter output, DemoView view, LabDaemon daemon, long clock, int seconds, Func<DemoView, bool> done, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, TimeProvider.System);
        for (var i = 0; i < seconds && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false); i++)
        {
            var status = await daemon.StatusAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine(view.Line(TimeProvider.System.GetElapsedTime(clock), status));
            if (done(view))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<TimeSpan?> WaitAllOnlineAsync(LabDaemon daemon, CancellationToken cancellationToken)
    {
        var wan1 = await daemon.WaitForStateAsync("wan1", TimeSpan.FromSeconds(20), cancellationToken, LinkState.Online).ConfigureAwait(false);
        return wan1 is null ? null : await daemon.WaitForStateAsync("wan2", TimeSpan.FromSeconds(5), cancellationToken, LinkState.Online).ConfigureAwait(false);
    }

    /// <summary>"wan1 offline 1.2 s after the fault", from the time the daemon says the link entered its state.</summary>
    private static async Task<string> StateChangeAsync(LabDaemon daemon, string link, long since, string what, CancellationToken cancellationToken)
    {
        var status = await daemon.StatusAsync(cancellationToken).ConfigureAwait(false);
        var state = status?.Links.FirstOrDefault(l => l.Name == link);
        if (state is null)
        {
            return "state unknown (daemon not answering)";
        }

        var at = TimeProvider.System.GetUtcNow() - TimeProvider.System.GetElapsedTime(since);
        var after = state.Since - at;
        return string.Create(CultureInfo.InvariantCulture, $"{link} {state.State.ToString().ToLowerInvariant()} {after.TotalSeconds:0.0} s after {what}");
    }

    private static async Task PrintStatusAsync(TextWriter output, LabDaemon daemon, CancellationToken cancellationToken)
    {
        var status = await daemon.StatusAsync(cancellationToken).ConfigureAwait(false);
        output.WriteLine();
        output.WriteLine(status is null ? "  (the daemon did not answer status)" : Indent(StatusView.Render(status, TimeProvider.System.GetUtcNow(), ControlCli.UseColour(output))));
    }

    private static string Indent(string text) => string.Join('\n', text.TrimEnd('\n').Split('\n').Select(l => "    " + l)) + "\n";

    private static void Say(TextWriter output, string line) => output.WriteLine($"[demo] {line}");
}
