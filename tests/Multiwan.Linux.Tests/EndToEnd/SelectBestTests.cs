using System.Diagnostics;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// <c>select: best</c> on the real kernel, latency made by the lab's delay lines: the faster of two healthy links
/// carries every new connection; swapping the delays moves them, but only after the dwell time.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SelectBestTests
{
    private static readonly TimeSpan Dwell = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(30);

    [NamespaceFact]
    public async Task The_faster_link_carries_new_connections_and_a_swap_moves_them_after_the_dwell()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, DelayLines = true });
        await lab.Faults.SetDelayAsync(1, Slow);
        var settings = new LabDaemonSettings
        {
            Health = ["window: 10"],
            Extra = ["policies:", "  - name: best", "    select: best", $"    dwell: {Dwell.TotalSeconds}s", "rules:", "  - name: all", "    use: best"],
        };
        await using var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        foreach (var link in new[] { "wan1", "wan2" })
        {
            Assert.True(await daemon.WaitForStateAsync(link, TimeSpan.FromSeconds(30), CancellationToken.None, LinkState.Online) is not null, daemon.Tail());
        }

        Assert.True(await WaitForElectedAsync(daemon, "wan2", TimeSpan.FromSeconds(20)) is not null, $"wan2 (fast) not elected\n{daemon.Tail()}");
        Assert.Equal((0, 10), await ConnectAsync(lab, 10));

        await lab.Faults.SetDelayAsync(1, TimeSpan.Zero);
        await lab.Faults.SetDelayAsync(2, Slow);
        var moved = await WaitForElectedAsync(daemon, "wan1", TimeSpan.FromSeconds(60));

        Assert.True(moved is not null, $"wan1 (now fast) not elected 60 s after the swap\n{daemon.Tail()}");
        Assert.True(moved >= Dwell, $"moved after {moved!.Value.TotalSeconds:0.0} s, before the {Dwell.TotalSeconds} s dwell");
        Assert.Equal((10, 0), await ConnectAsync(lab, 10));
    }

    /// <summary>How long until policy <c>best</c> has <paramref name="link"/> as its only active link; null on timeout.</summary>
    private static async Task<TimeSpan?> WaitForElectedAsync(LabDaemon daemon, string link, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < timeout)
        {
            var status = await daemon.StatusAsync(CancellationToken.None);
            if (status?.Policies.SingleOrDefault(p => p.Name == "best")?.Active is [var only] && only == link)
            {
                return Stopwatch.GetElapsedTime(start);
            }

            await Task.Delay(250);
        }

        return null;
    }

    /// <summary>New TCP connections from the LAN client; how many arrived via ISP 1 and via ISP 2.</summary>
    private static async Task<(int Isp1, int Isp2)> ConnectAsync(LabTopology lab, int count)
    {
        var (isp1, isp2) = (lab.Tcp!.Connections[lab.Isp(1).InternetAddress], lab.Tcp.Connections[lab.Isp(2).InternetAddress]);
        for (var i = 0; i < count; i++)
        {
            Assert.True(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets[i % lab.Targets.Count]), $"connection {i} failed");
        }

        return (lab.Tcp.Connections[lab.Isp(1).InternetAddress] - isp1, lab.Tcp.Connections[lab.Isp(2).InternetAddress] - isp2);
    }
}
