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
        // Rounds: ok, ok, failed, failed, ok, ok -> gaps 1 s, 1 s, 200 ms, 200 ms, then calm again: a success clears
        // (the tracker keeps it fast through Fast while the link is connecting).
        var probe = new ScriptedProbe(true, true, false, false, true, true);
        var times = await RunAsync(probe, rounds: 6, (_, _) => Task.CompletedTask);
        Assert.Equal([1000, 1000, 200, 200, 1000], Gaps(times));
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
