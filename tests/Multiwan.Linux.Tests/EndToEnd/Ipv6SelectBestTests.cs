using System.Diagnostics;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// <c>select: best</c> per family on the real kernel, latency made by the lab's delay lines, one family slow on each
/// ISP: ISP1's IPv6 and ISP2's IPv4 are 30 ms slower. New IPv4 connections go by wan1 and new IPv6 ones by wan2 —
/// each family elected from its own probes' figures — and <c>explain</c> asking the running daemon says so.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class Ipv6SelectBestTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(30);

    [NamespaceFact]
    public async Task Ipv4_takes_the_link_fast_for_ipv4_and_ipv6_the_link_fast_for_ipv6()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3, DelayLines = true });
        await lab.Faults.SetDelayAsync(1, Slow, families: LabFamilies.Ipv6);
        await lab.Faults.SetDelayAsync(2, Slow, families: LabFamilies.Ipv4);
        var settings = new LabDaemonSettings
        {
            Weights = [1, 1],
            Ipv6LanMode = "masquerade",
            Health = ["window: 10"],
            Extra = ["policies:", "  - name: best", "    select: best", "    dwell: 5s", "rules:", "  - name: all", "    use: best"],
        };
        await using var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        foreach (var (link, ipv6) in new[] { ("wan1", false), ("wan2", false), ("wan1", true), ("wan2", true) })
        {
            Assert.True(await Ipv6FaultTests.WaitAsync(daemon, link, ipv6, LinkState.Online) is not null, $"{link} {(ipv6 ? "IPv6" : "IPv4")} not online\n{daemon.Tail()}");
        }

        // Each election starts on whichever link answered first and moves after the dwell if the other is faster.
        var settled = await SettledAsync(lab, TimeSpan.FromSeconds(60));

        Assert.True(settled, $"IPv4 all by ISP1 and IPv6 all by ISP2 not reached in 60 s\n{daemon.Tail()}");
        Assert.Equal((10, 0), await Ipv6FaultTests.ConnectAsync(lab, lab.Targets[0], lab.LanClientAddress, 10));
        Assert.Equal((0, 10), await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 10));

        // explain asks the running daemon: each family's election (without a daemon both would show wan1, the first candidate).
        var explain = await Cli.MultiwanCli.RunAsync("explain", "--config", daemon.ConfigPath, "--socket", daemon.SocketPath, "--json");
        Assert.True(explain.ExitCode == 0, explain.Stderr);
        using var json = global::System.Text.Json.JsonDocument.Parse(explain.Stdout);
        Assert.Equal(("daemon", daemon.ProcessId), (json.RootElement.GetProperty("states").GetString(), json.RootElement.GetProperty("daemon_pid").GetInt32()));
        Assert.Equal(
            ["ipv4 wan1 elected by select: best (the running daemon's election)", "ipv6 wan2 elected by select: best (the running daemon's election)"],
            json.RootElement.GetProperty("families").EnumerateArray().Select(f =>
            {
                var link = f.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("share").GetDouble() == 1);
                return $"{f.GetProperty("family").GetString()} {link.GetProperty("name").GetString()} {link.GetProperty("why").GetString()}";
            }));
    }

    /// <summary>Whether, within <paramref name="timeout"/>, 10 new IPv4 connections all leave by ISP1 and 10 IPv6 ones all by ISP2.</summary>
    private static async Task<bool> SettledAsync(LabTopology lab, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            if (await Ipv6FaultTests.ConnectAsync(lab, lab.Targets[0], lab.LanClientAddress, 10) == (10, 0)
                && await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 10) == (0, 10))
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }
}
