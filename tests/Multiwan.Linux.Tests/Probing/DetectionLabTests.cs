using System.Threading.Channels;
using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Tracking;
using Xunit.Abstractions;

namespace Multiwan.Probing;

/// <summary>
/// The prober's own loop and the tracker together, with the default settings, against faults in the lab.
/// Times are printed for the record, never asserted (they are measured properly by the benchmarks).
/// </summary>
[Collection(Support.MeasuringCollection.Name)]
public sealed class DetectionLabTests(ITestOutputHelper log)
{
    [NamespaceFact]
    public async Task Isp_dying_upstream_goes_offline_and_comes_back_online()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var health = new HealthConfig();
        ProbeTarget[] targets = [lab.Target(ProbeMethod.Icmp, 0), lab.Target(ProbeMethod.Icmp, 1), lab.Target(ProbeMethod.Tcp, 2)];
        var prober = new LinkProber("wan1", lab.Binding(1), targets, probes, health, TimeProvider.System);
        var tracker = new LinkTracker("wan1", [.. targets.Select(t => t.Name)], health, TimeProvider.System);
        var rounds = Channel.CreateUnbounded<RoundResult>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = prober.RunAsync(rounds.Writer, stop.Token);

        await UntilAsync(LinkState.Online);
        await Task.Delay(Random.Shared.Next(0, 1000));
        var fault = TimeProvider.System.GetUtcNow();
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        var down = await UntilAsync(LinkState.Offline);
        log.WriteLine($"detected {(down.At - fault).TotalMilliseconds:0} ms after the fault: {down.Reason}");

        var repair = TimeProvider.System.GetUtcNow();
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: false);
        var up = await UntilAsync(LinkState.Online);
        log.WriteLine($"back online {(up.At - repair).TotalMilliseconds:0} ms after the repair: {up.Reason}");
        Assert.True(up.At - repair >= health.HoldDown, "the hold-down was honoured");

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        async Task<LinkTransition> UntilAsync(LinkState wanted)
        {
            await foreach (var round in rounds.Reader.ReadAllAsync(stop.Token))
            {
                var change = tracker.OnRound(round);
                prober.Fast = tracker.WantsFastProbing;
                if (change is not null)
                {
                    log.WriteLine($"{change.At:HH:mm:ss.fff} {change.From} -> {change.To} ({change.Reason})");
                    if (change.To == wanted)
                    {
                        return change;
                    }
                }
            }

            throw new InvalidOperationException("the prober stopped");
        }
    }

    [NamespaceFact]
    public async Task Ten_percent_loss_each_way_does_not_take_a_three_target_link_offline()
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.Lab.Faults.SetLossAsync(1, 10);
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        // Defaults, but rounds every 200 ms so that 100 rounds take 20 s.
        var health = new HealthConfig { InitialState = InitialState.Online, Interval = TimeSpan.FromMilliseconds(200), Window = 100 };
        ProbeTarget[] targets = [lab.Target(ProbeMethod.Icmp, 0), lab.Target(ProbeMethod.Icmp, 1), lab.Target(ProbeMethod.Icmp, 2)];
        var prober = new LinkProber("wan1", lab.Binding(1), targets, probes, health, TimeProvider.System);
        var tracker = new LinkTracker("wan1", [.. targets.Select(t => t.Name)], health, TimeProvider.System);
        var rounds = Channel.CreateUnbounded<RoundResult>();
        using var stop = new CancellationTokenSource();
        var run = prober.RunAsync(rounds.Writer, stop.Token);

        var seen = new HashSet<LinkState>();
        for (var i = 0; i < 100; i++)
        {
            tracker.OnRound(await rounds.Reader.ReadAsync());
            prober.Fast = tracker.WantsFastProbing;
            seen.Add(tracker.State);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        log.WriteLine($"states seen: {string.Join(", ", seen)}; {string.Join("; ", tracker.Targets.Select(t => $"{t.Target} {t.LossPercent:0}% loss"))}");

        // 10 % each way is about 19 % per round trip: the figures show it, the link never goes offline.
        Assert.DoesNotContain(LinkState.Offline, seen);
        Assert.All(tracker.Targets, t => Assert.InRange(t.LossPercent, 5, 40));
    }
}
