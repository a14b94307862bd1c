using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Class fixture for the real-kernel applier tests: one lab (router, ISPs, internet, LAN client) per test class,
/// deleted with the class. Each test starts from <see cref="ResetAsync"/>: no multiwan objects, no faults.
/// </summary>
public sealed class KernelLab : IAsyncLifetime
{
    public LabTopology Lab { get; private set; } = null!;

    public ProcessCommandRunner Runner { get; private set; } = null!;

    /// <summary>The kernel I/O seam opened inside the router namespace (libnftables, rtnetlink, ctnetlink).</summary>
    public LinuxKernelIo Io { get; private set; } = null!;

    public ListLogger Logger { get; } = new();

    public async Task InitializeAsync()
    {
        LabTopology.CleanupLeftovers();
        Lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        Runner = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20), Lab.RouterNamespace);
        Io = LinuxKernelIo.Open(Lab.RouterNamespace);
    }

    public async Task DisposeAsync()
    {
        Io?.Dispose();
        await Lab.DisposeAsync();
    }

    /// <summary>wan1 and wan2 balanced with the given weights, LAN lan0.</summary>
    public static MultiwanConfig Balanced(int weight1 = 1, int weight2 = 3) => new()
    {
        Lan = ["lan0"],
        Links =
        [
            new LinkConfig { Name = "wan1", Interface = "wan1", Weight = weight1, Targets = [new TargetConfig { Address = "100.64.250.1" }] },
            new LinkConfig { Name = "wan2", Interface = "wan2", Weight = weight2, Targets = [new TargetConfig { Address = "100.64.250.2" }] },
        ],
    };

    public static Dictionary<string, LinkState> States(LinkState wan1 = LinkState.Online, LinkState wan2 = LinkState.Online) =>
        new() { ["wan1"] = wan1, ["wan2"] = wan2 };

    public KernelApplier Applier(MultiwanConfig config) => new(Io, config.Kernel, Logger);

    public async Task<KernelPlan> PlanAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states)
    {
        var facts = await InterfaceFacts.ReadAsync(Io, config, null, CancellationToken.None);
        Assert.Null(facts.Error);
        return KernelPlanner.Plan(config, states, facts.Facts);
    }

    public async Task<ApplyResult> ApplyAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states)
    {
        var result = await Applier(config).ApplyAsync(await PlanAsync(config, states), CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return result;
    }

    /// <summary>Removes multiwan's objects and every fault; the lab's own state is as built.</summary>
    public async Task ResetAsync()
    {
        var cleanup = await Applier(Balanced()).CleanupAsync(CancellationToken.None);
        Assert.True(cleanup.Succeeded, cleanup.Error);
        foreach (var isp in Lab.Isps)
        {
            await Lab.Faults.SetUpstreamDeadAsync(isp.Index, false);
            await Lab.Faults.SetLossAsync(isp.Index, 0);
            await Lab.Faults.SetCarrierAsync(isp.Index, true, LabSide.Isp);
        }

        await Must("conntrack", "-F");
        Lab.Tcp!.Connections.Reset();
        Lab.Udp!.Datagrams.Reset();
    }

    public async Task<CommandResult> Must(params string[] argv)
    {
        var result = await Runner.RunAsync(argv, null, CancellationToken.None);
        Assert.True(result.Succeeded, result.Describe());
        return result;
    }

    /// <summary>Conntrack entries in the router whose mark within <paramref name="mask"/> is <paramref name="mark"/>.</summary>
    public async Task<int> ConntrackCountAsync(uint mark, uint mask)
    {
        var result = await Runner.RunAsync(["conntrack", "-L", "--mark", $"0x{mark:x}/0x{mask:x}"], null, CancellationToken.None);
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>
    /// Opens and closes <paramref name="count"/> TCP connections from namespace <paramref name="ns"/> to target
    /// <paramref name="target"/>, <paramref name="parallel"/> at a time, then waits until the server has counted every
    /// one that connected (a client's connect completes before the server's accept). Returns failures.
    /// </summary>
    public async Task<int> ConnectManyAsync(string ns, IPAddress target, int count, int parallel = 32)
    {
        var before = Lab.Tcp!.Connections.Total;
        var failures = await ConnectOnlyAsync(ns, target, count, parallel);
        var counted = await LabProbe.EventuallyAsync(() => Task.FromResult(Lab.Tcp.Connections.Total >= before + count - failures));
        Assert.True(counted, $"server counted {Lab.Tcp.Connections.Total - before} of {count - failures} connections");
        return failures;
    }

    private static async Task<int> ConnectOnlyAsync(string ns, IPAddress target, int count, int parallel)
    {
        var failures = 0;
        var remote = new IPEndPoint(target, LabTopology.TcpPort);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (_, ct) =>
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10)); // A wait: one left to a dead ISP never completes and still counts as failed.
            try
            {
                using var socket = await Netns.ConnectTcpAsync(ns, remote, timeout.Token);
                socket.LingerState = new LingerOption(true, 0); // RST on close: no TIME_WAIT pile-up in the client.
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }

    public static string Percent(double share) => share.ToString("P1", CultureInfo.InvariantCulture);
}
