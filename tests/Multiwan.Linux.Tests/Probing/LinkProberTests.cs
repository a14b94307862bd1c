using System.Threading.Channels;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>The round scheduler on a manual clock with a scripted probe (no network).</summary>
public sealed class LinkProberTests
{
    private static readonly HealthConfig Health = new();

    [Fact]
    public async Task Calm_interval_while_rounds_succeed_and_fast_after_a_failed_round()
    {
        // Without an engine setting Fast: ok, ok, failed (first miss: fast follow-up), failed (calm: an offline link is
        // not hammered), ok, ok -> gaps 1 s, 1 s, 200 ms, 1 s, 1 s.
        var probe = new ScriptedProbe(true, true, false, false, true, true);
        var times = await RunAsync(probe, rounds: 6, (_, _) => Task.CompletedTask);
        Assert.Equal([1000, 1000, 200, 1000, 1000], Gaps(times));
    }

    [Fact]
    public async Task Fast_rounds_while_the_tracker_wants_them()
    {
        // The engine's part: after each round, Fast = tracker.WantsFastProbing (disconnecting, connecting).
        var probe = new ScriptedProbe(true, false, false, false, false, false, true);
        var clock = new ManualTimeProvider();
        var health = Health with { InitialState = InitialState.Online };
        var prober = new LinkProber("wan1", new LinkBinding("eth0", 0x100, null), [new() { Address = global::System.Net.IPAddress.Loopback }], probe, health, clock);
        var tracker = new LinkTracker("wan1", ["127.0.0.1"], health, clock);
        var channel = Channel.CreateUnbounded<RoundResult>();
        using var stop = new CancellationTokenSource();
        var run = prober.RunAsync(channel.Writer, stop.Token);
        var log = new List<(DateTimeOffset At, LinkState State)>();
        while (log.Count < 7)
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var round = await channel.Reader.ReadAsync(patience.Token);
            tracker.OnRound(round);
            prober.Fast = tracker.WantsFastProbing;
            log.Add((round.At, tracker.State));
            if (log.Count < 7)
            {
                // Let the prober re-plan its wait after the change of Fast before moving the clock.
                while (clock.NextDue != round.At + tracker.ProbeInterval)
                {
                    await Task.Delay(1, patience.Token);
                }

                await clock.AdvanceToNextTimerAsync();
            }
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        // online, disconnecting x2, offline (3 misses at 200 ms), then calm while offline, then connecting on a success.
        Assert.Equal([LinkState.Online, LinkState.Disconnecting, LinkState.Disconnecting, LinkState.Offline, LinkState.Offline, LinkState.Offline, LinkState.Connecting], log.Select(l => l.State));
        Assert.Equal([1000, 200, 200, 1000, 1000, 1000], Gaps([.. log.Select(l => l.At)]));
    }

    [Fact]
    public async Task Fast_requested_by_the_tracker_wakes_a_calm_wait_at_once()
    {
        var probe = new ScriptedProbe(true, true, true, true);
        var times = await RunAsync(probe, rounds: 4, async (prober, clock) =>
        {
            var first = clock.GetUtcNow();
            prober.Fast = true;
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (clock.NextDue is not { } due || due > first + Health.FastInterval)
            {
                await Task.Delay(1, patience.Token);
            }
        });
        // The first wait is calm (1 s) until Fast is set right after round 1 is read; then 200 ms from round 1's start.
        Assert.Equal([200, 200, 200], Gaps(times));
    }

    [Fact]
    public async Task All_targets_are_probed_in_every_round_with_their_own_timeouts()
    {
        var probe = new ScriptedProbe(true, true);
        var clock = new ManualTimeProvider();
        ProbeTarget[] targets = [new() { Address = global::System.Net.IPAddress.Parse("192.0.2.1") }, new() { Address = global::System.Net.IPAddress.Parse("192.0.2.2") }];
        var prober = new LinkProber("wan1", new LinkBinding("eth0", 0x100, null), targets, probe, Health, clock);

        var first = await prober.ProbeRoundAsync(CancellationToken.None);

        Assert.Equal(["192.0.2.1", "192.0.2.2"], first.Targets.Select(t => t.Target));
        Assert.Equal([Health.TimeoutMax, Health.TimeoutMax], probe.Timeouts);
        Assert.Equal([Health.TimeoutMin, Health.TimeoutMin], prober.Timeouts());
    }

    [Fact]
    public async Task A_probe_that_throws_is_an_error_outcome_and_probing_goes_on()
    {
        var prober = new LinkProber("wan1", new LinkBinding("eth0", 0, null), [new() { Address = global::System.Net.IPAddress.Loopback }], new ThrowingProbe(), Health, new ManualTimeProvider());
        var round = await prober.ProbeRoundAsync(CancellationToken.None);
        Assert.Equal(ProbeStatus.Error, round.Targets[0].Outcome.Status);
        Assert.Contains("InvalidOperationException", round.Targets[0].Outcome.Message, StringComparison.Ordinal);
    }

    private static async Task<List<DateTimeOffset>> RunAsync(ScriptedProbe probe, int rounds, Func<LinkProber, ManualTimeProvider, Task> afterFirst)
    {
        var clock = new ManualTimeProvider();
        var prober = new LinkProber("wan1", new LinkBinding("eth0", 0x100, null), [new() { Address = global::System.Net.IPAddress.Loopback }], probe, Health, clock);
        var channel = Channel.CreateUnbounded<RoundResult>();
        using var stop = new CancellationTokenSource();
        var run = prober.RunAsync(channel.Writer, stop.Token);
        var times = new List<DateTimeOffset> { (await channel.Reader.ReadAsync()).At };
        await afterFirst(prober, clock);
        while (times.Count < rounds)
        {
            await clock.AdvanceToNextTimerAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (channel.Reader.TryRead(out var round))
            {
                times.Add(round.At);
            }

            if (times.Count < rounds && !channel.Reader.TryPeek(out _))
            {
                // The timer that fired may have been a superseded wait; the round (if any) arrives shortly.
                await Task.Delay(20, patience.Token);
                while (channel.Reader.TryRead(out var late))
                {
                    times.Add(late.At);
                }
            }
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        return times;
    }

    private static List<int> Gaps(List<DateTimeOffset> times) =>
        [.. times.Zip(times.Skip(1), (a, b) => (int)(b - a).TotalMilliseconds)];

    private sealed class ScriptedProbe(params bool[] answers) : IProbe
    {
        private int _next;

        public List<TimeSpan> Timeouts { get; } = [];

        public ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
        {
            lock (Timeouts)
            {
                Timeouts.Add(timeout);
            }

            var ok = answers[Math.Min(Interlocked.Increment(ref _next) - 1, answers.Length - 1)];
            return ValueTask.FromResult(ok ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(1)) : ProbeOutcome.Timeout(timeout));
        }
    }

    private sealed class ThrowingProbe : IProbe
    {
        public ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("bug");
    }
}
