using System.Net;
using System.Net.Sockets;
using Multiwan.Lab;
using Xunit.Abstractions;

namespace Multiwan.Kernel;

/// <summary>Replacing the ruleset while traffic flows loses nothing: the nft transaction is atomic and routes are replaced, never deleted first.</summary>
public sealed class AtomicityTests(KernelLab kernel, ITestOutputHelper output) : IClassFixture<KernelLab>
{
    private const int Applies = 100;

    [NamespaceFact]
    public async Task A_10_ms_udp_stream_loses_nothing_across_100_applies_alternating_two_plans()
    {
        await kernel.ResetAsync();
        var one = KernelLab.Balanced(1, 3);
        var other = KernelLab.Balanced(3, 1);
        var plans = new[] { await kernel.PlanAsync(one, KernelLab.States()), await kernel.PlanAsync(other, KernelLab.States()) };
        var applier = kernel.Applier(one);
        Assert.True((await applier.ApplyAsync(plans[0], CancellationToken.None)).Succeeded);

        using var socket = Netns.CreateSocket(kernel.Lab.LanNamespace, AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var remote = new IPEndPoint(kernel.Lab.Targets[0], LabTopology.UdpPort);
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var stream = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
            var payload = new byte[100];
            while (await timer.WaitForNextTickAsync(CancellationToken.None) && !stop.IsCancellationRequested)
            {
                await socket.SendToAsync(payload, remote);
                Interlocked.Increment(ref sent);
            }
        });

        await Task.Delay(100);
        var routeChanges = 0;
        var durations = new List<double>();
        for (var i = 1; i <= Applies; i++)
        {
            var started = TimeProvider.System.GetTimestamp();
            var result = await applier.ApplyAsync(plans[i % 2], CancellationToken.None);
            durations.Add(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
            Assert.True(result.Succeeded, result.Error);
            routeChanges += result.IpChanges.Count();
        }

        durations.Sort();
        output.WriteLine($"apply latency (each command via ip netns exec): p50 {durations[Applies / 2]:F1} ms, p99 {durations[Applies * 99 / 100]:F1} ms, max {durations[^1]:F1} ms");

        await Task.Delay(100);
        await stop.CancelAsync();
        await stream;
        var received = await WaitForAsync(sent);
        output.WriteLine($"{Applies} applies ({routeChanges} route/rule changes) during a 10 ms UDP stream: sent {sent}, received {received}, lost {sent - received}");

        Assert.True(routeChanges >= Applies, "each apply changed the main multipath route");
        Assert.Equal(sent, received);
    }

    private async Task<int> WaitForAsync(int sent)
    {
        // A wait for the last datagrams to be counted, not a bound: a loss still shows as a total below sent after 10 s.
        await LabProbe.EventuallyAsync(() => Task.FromResult(kernel.Lab.Udp!.Datagrams.Total >= sent), 10000);
        return kernel.Lab.Udp!.Datagrams.Total;
    }
}
