using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Multiwan.Cli;
using Multiwan.Control;
using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// The lab (LAN client, router, 2 ISPs, internet with 3 targets) with <c>multiwan run</c> in the router, default
/// health settings, both links balanced 1:1 and probing all 3 targets. Each test starts from <see cref="ResetAsync"/>:
/// no fault, both links online. Disposal stops the daemon, deletes the lab and fails if any of its namespaces remain.
/// </summary>
public sealed class EndToEndLab : IAsyncLifetime
{
    private static readonly TimeSpan OnlineWait = TimeSpan.FromSeconds(30);

    public LabTopology Lab { get; private set; } = null!;

    public LabDaemon Daemon { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!NamespaceFactAttribute.Runs)
        {
            return; // Every test here is skipped: build nothing.
        }

        LabTopology.CleanupLeftovers();
        Lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        Daemon = await LabDaemon.StartAsync(Lab, new LabDaemonSettings { Weights = [1, 1] }, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (Lab is null)
        {
            return;
        }

        await Daemon.DisposeAsync();
        await Lab.DisposeAsync();
        var left = (await new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(10)).RunAsync(["ip", "netns", "list"], null, CancellationToken.None)).Stdout
            .Split('\n').Where(l => l.StartsWith(Lab.Prefix, StringComparison.Ordinal)).ToList();
        if (left.Count > 0)
        {
            throw new InvalidOperationException($"the end-to-end suite left namespaces behind: {string.Join(", ", left)}");
        }
    }

    /// <summary>Clears every fault and waits until both links are online again.</summary>
    public async Task ResetAsync()
    {
        foreach (var isp in Lab.Isps)
        {
            await Lab.Faults.SetUpstreamDeadAsync(isp.Index, false);
            await Lab.Faults.SetLossAsync(isp.Index, 0);
            await Lab.Faults.SetCarrierAsync(isp.Index, true);
        }

        for (var t = 0; t < Lab.Targets.Count; t++)
        {
            if (!await TargetPresentAsync(t))
            {
                await Lab.Faults.SetTargetUpAsync(t, true);
            }
        }

        await AssertStateAsync("wan1", OnlineWait, LinkState.Online);
        await AssertStateAsync("wan2", OnlineWait, LinkState.Online);
    }

    /// <summary>Waits until the daemon reports <paramref name="link"/> in one of <paramref name="states"/>; fails with the daemon's log otherwise.</summary>
    public async Task<TimeSpan> AssertStateAsync(string link, TimeSpan timeout, params LinkState[] states)
    {
        var took = await Daemon.WaitForStateAsync(link, timeout, CancellationToken.None, states);
        Assert.True(took is not null,
            $"{link} not {string.Join("/", states)} within {timeout.TotalSeconds} s (now {await Daemon.StateAsync(link, CancellationToken.None)}); daemon log:\n{Daemon.Tail()}");
        return took.Value;
    }

    /// <summary><c>multiwan status --json --socket ...</c>, run as the CLI and parsed with the documented contract.</summary>
    public async Task<StatusSnapshot> StatusJsonAsync()
    {
        var outcome = await MultiwanCli.RunAsync("status", "--json", "--socket", Daemon.SocketPath);
        Assert.True(outcome.ExitCode == 0, $"multiwan status --json exited {outcome.ExitCode}: {outcome.Stderr}");
        return JsonSerializer.Deserialize(outcome.Stdout, ControlJsonContext.Default.StatusSnapshot)
            ?? throw new InvalidOperationException("multiwan status --json printed null");
    }

    /// <summary><paramref name="count"/> new TCP connections from the LAN client; failures and connections counted per ISP at the server.</summary>
    public async Task<(int Failures, int Isp1, int Isp2)> ConnectAsync(int count)
    {
        Lab.Tcp!.Connections.Reset();
        var failures = 0;
        var remote = new IPEndPoint(Lab.Targets[0], LabTopology.TcpPort);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10)); // A wait: one left to a dead ISP never completes and still counts as failed.
            try
            {
                using var socket = await Netns.ConnectTcpAsync(Lab.LanNamespace, remote, timeout.Token);
                socket.LingerState = new LingerOption(true, 0); // RST on close: no TIME_WAIT pile-up in the client.
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                Interlocked.Increment(ref failures);
            }
        });

        // A client's connect completes before the server's accept counts it: wait for the count to catch up.
        await LabProbe.EventuallyAsync(() => Task.FromResult(Lab.Tcp.Connections.Total >= count - failures));
        return (failures, Lab.Tcp.Connections[Lab.Isp(1).InternetAddress], Lab.Tcp.Connections[Lab.Isp(2).InternetAddress]);
    }

    /// <summary>
    /// Streams UDP (a datagram every 10 ms on 4 flows) for at least <paramref name="duration"/> and until
    /// <paramref name="datagrams"/> have arrived (at most 30 s more), and counts arrivals per ISP. A count, not a rate: a
    /// slow scheduler sends fewer datagrams a second, which only makes the stream run longer.
    /// </summary>
    public async Task<(int Isp1, int Isp2)> UdpAsync(TimeSpan duration, int datagrams)
    {
        Lab.Udp!.Datagrams.Reset();
        await using (new LabTraffic(Lab, TimeSpan.FromMilliseconds(10), null, udpFlows: 4))
        {
            await Task.Delay(duration);
            await LabProbe.EventuallyAsync(() => Task.FromResult(Lab.Udp.Datagrams.Total >= datagrams), 30000);
        }

        await Task.Delay(100); // The last datagrams in flight.
        return (Lab.Udp.Datagrams[Lab.Isp(1).InternetAddress], Lab.Udp.Datagrams[Lab.Isp(2).InternetAddress]);
    }

    public IPAddress Isp1Source => Lab.Isp(1).InternetAddress;

    private async Task<bool> TargetPresentAsync(int index)
    {
        var result = await new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(10), Lab.InternetNamespace)
            .RunAsync(["ip", "-o", "addr", "show", "dev", "lo"], null, CancellationToken.None);
        return result.Stdout.Contains($" {Lab.Targets[index]}/32", StringComparison.Ordinal);
    }
}
