using Multiwan.Configuration;
using Multiwan.Tracking;
using static Multiwan.Tests.Tracking.TrackerScript;

namespace Multiwan.Tests.Tracking;

public sealed class LinkTrackerTests
{
    private static readonly HealthConfig Online = new() { InitialState = InitialState.Online };

    // Each step is 200 ms; hold_down is 2 s = 10 steps; up_after 5; down_after 3.
    [Theory]
    [InlineData("all rounds succeed", "11 11 11", "OOO")]
    [InlineData("one failed round is silent (fast probing only)", "00", "O")]
    [InlineData("second failed round in a row: disconnecting, still up", "00 00", "Od")]
    [InlineData("a success before the threshold clears", "00 00 11", "OdO")]
    [InlineData("down_after consecutive failures: offline", "00 00 00", "OdX")]
    [InlineData("a success resets the failure count", "00 00 11 00 00 00", "OdO OdX")]
    [InlineData("k=1: one dead target never fails a link", "10 01 10 01", "OOOO")]
    [InlineData("offline -> connecting on the first success", "00 00 00 11", "OdX c")]
    [InlineData("any failure while connecting: back to offline", "00 00 00 11 11 11 00", "OdX ccc X")]
    [InlineData("flapping online link never goes offline", "00 11 00 11 00 11 00 00 11", "OOOOOO OdO")]
    [InlineData("offline link flapping never comes back", "00 00 00 11 00 11 00 11 00", "OdX cXcXcX")]
    public void Transitions_follow_the_thresholds(string name, string script, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(Letters(expected), Run(Online, script));
    }

    [Fact]
    public void Recovery_needs_up_after_successes_and_the_hold_down()
    {
        // Connecting at step 4 (t=0.8 s); the hold-down ends 2 s later at step 14, long after 5 successes.
        var script = "00 00 00 " + Repeat("11", 11);
        Assert.Equal(Letters("OdX " + new string('c', 10) + "O"), Run(Online, script));
    }

    [Fact]
    public void Recovery_needs_up_after_successes_when_the_hold_down_is_short()
    {
        var config = Online with { HoldDown = TimeSpan.FromMilliseconds(100) };
        Assert.Equal(Letters("OdX ccccO"), Run(config, "00 00 00 " + Repeat("11", 5)));
    }

    [Theory]
    [InlineData(1, "00", "X")]
    [InlineData(2, "00 00", "OX")]
    [InlineData(5, "00 00 00 00 00", "OdddX")]
    public void Down_after_is_honoured(int downAfter, string script, string expected) =>
        Assert.Equal(expected, Run(Online with { DownAfter = downAfter }, script));

    [Theory]
    [InlineData(1, "O")]
    [InlineData(3, "cc O")]
    public void Up_after_is_honoured_without_a_hold_down(int upAfter, string expected)
    {
        var config = new HealthConfig { InitialState = InitialState.Offline, UpAfter = upAfter, HoldDown = TimeSpan.Zero };
        var expectedLetters = Letters(expected);
        Assert.Equal(expectedLetters, Run(config, Repeat("11", expectedLetters.Length)));
    }

    [Theory]
    [InlineData("10 10", "Od")]
    [InlineData("01 01", "Od")]
    [InlineData("11 11", "OO")]
    public void K_of_n_with_k_2_needs_both_targets(string round, string expected) =>
        Assert.Equal(expected, Run(Online with { MinTargets = 2 }, round));

    [Fact]
    public void K_larger_than_n_means_every_target()
    {
        Assert.Equal("OOd", Run(Online with { MinTargets = 5 }, "11 10 10"));
    }

    [Theory]
    [InlineData("startup: online after up_after without hold-down", "11 11 11 11 11", "ccccO")]
    [InlineData("startup: failures count towards down_after", "00 00 00", "ccX")]
    [InlineData("startup: a failure restarts the success count", "11 11 00 11 11 11 11 11", "ccc ccccO")]
    [InlineData("startup: failures must be consecutive", "00 00 11 00 00 11", "ccc ccc")]
    [InlineData("startup: lost probes count in the figures (4 of 10 lost: degraded)", "00 00 11 00 00 11 11 11 11 11", "ccc cc cccc G")]
    public void Initial_state_connecting(string name, string script, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(Letters(expected), Run(new HealthConfig(), script));
    }

    [Fact]
    public void Initial_state_offline_recovers_with_the_hold_down() =>
        Assert.Equal(Letters("c cccc ccccc O"), Run(new HealthConfig { InitialState = InitialState.Offline }, Repeat("11", 11)));

    [Theory]
    [InlineData("c-", "c+")]
    [InlineData("a-", "a+")]
    [InlineData("i-", "i+")]
    public void Interface_loss_is_offline_at_once_and_return_is_connecting(string lost, string back)
    {
        // While the interface is unusable, successful rounds change nothing; then probes decide with the hold-down.
        var script = $"11 {lost} 11 11 {back} " + Repeat("11", 10);
        Assert.Equal(Letters("O X XX c ccccc cccc O"), Run(Online, script));
    }

    [Fact]
    public void Carrier_and_address_must_both_be_back()
    {
        Assert.Equal(Letters("X X X c"), Run(Online, "c- a- c+ a+"));
    }

    [Fact]
    public void Carrier_back_then_a_failed_round_is_offline_again() =>
        Assert.Equal(Letters("X c X"), Run(Online, "c- c+ 00"));

    [Fact]
    public void Disabled_masks_the_state_and_auto_restores_the_health_state()
    {
        Assert.Equal(Letters("D DDD A".Replace("A", "X", StringComparison.Ordinal)), Run(Online, "D 00 00 00 A"));
    }

    [Fact]
    public void Forced_up_shows_online_whatever_the_probes()
    {
        Assert.Equal(Letters("O OOO X"), Run(Online, "U 00 00 00 A"));
    }

    [Fact]
    public void Override_changes_report_the_operator()
    {
        var transitions = new List<LinkTransition>();
        Run(Online, "D A", transitions);
        Assert.Equal(["operator: down", "operator: auto"], transitions.Select(t => t.Reason));
        Assert.Equal((LinkState.Disabled, LinkState.Online), (transitions[1].From, transitions[1].To));
    }

    [Fact]
    public void Each_transition_names_its_cause()
    {
        var config = new HealthConfig { DownAfter = 1, UpAfter = 1, HoldDown = TimeSpan.Zero, InitialState = InitialState.Online };
        var time = new FakeTimeProvider();
        var tracker = new LinkTracker("fiber", ["t"], config, time);
        var round = (bool ok) => new RoundResult("fiber", time.GetUtcNow(), [new TargetResult("t", ok ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(5)) : ProbeOutcome.Timeout(TimeSpan.FromSeconds(1)))]);

        LinkTransition?[] transitions =
        [
            tracker.OnRound(round(false)),
            tracker.OnRound(round(true)),
            tracker.OnCarrier(false, time.GetUtcNow()),
            tracker.OnCarrier(true, time.GetUtcNow()),
            tracker.OnAddress(false, time.GetUtcNow()),
            tracker.OnAddress(true, time.GetUtcNow()),
            tracker.OnInterfacePresent(false, time.GetUtcNow()),
            tracker.OnInterfacePresent(true, time.GetUtcNow()),
            tracker.SetOverride(LinkOverride.Down, time.GetUtcNow()),
        ];

        Assert.Equal(
            [TransitionCause.Probe, TransitionCause.Probe, TransitionCause.Carrier, TransitionCause.Carrier, TransitionCause.Address, TransitionCause.Address,
                TransitionCause.Interface, TransitionCause.Interface, TransitionCause.Operator],
            transitions.Select(t => t!.Cause));
    }

    [Fact]
    public void Transitions_carry_time_reason_and_figures()
    {
        var transitions = new List<LinkTransition>();
        Run(Online, "11@20 11@30 00 00 00", transitions);
        var offline = transitions[^1];
        Assert.Equal((LinkState.Disconnecting, LinkState.Offline), (offline.From, offline.To));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 1, TimeSpan.Zero), offline.At);
        Assert.Contains("3 consecutive failed rounds", offline.Reason, StringComparison.Ordinal);
        Assert.Equal(60, offline.Figures.LossPercent);
        Assert.Equal(TimeSpan.FromMilliseconds(25), offline.Figures.Rtt);
        Assert.Equal(TimeSpan.FromMilliseconds(10), offline.Figures.Jitter);
    }

    [Theory]
    [InlineData(LinkState.Online, false)]
    [InlineData(LinkState.Disconnecting, true)]
    [InlineData(LinkState.Offline, false)]
    [InlineData(LinkState.Connecting, true)]
    public void Fast_probing_while_a_change_is_being_confirmed(LinkState state, bool fast)
    {
        var script = state switch
        {
            LinkState.Online => "11",
            LinkState.Disconnecting => "00 00",
            LinkState.Offline => "00 00 00",
            _ => "00 00 00 11",
        };
        var tracker = new LinkTracker("wan1", ["t1", "t2"], Online, new FakeTimeProvider());
        var at = DateTimeOffset.UnixEpoch;
        foreach (var token in script.Split(' '))
        {
            at += Step;
            tracker.OnRound(Round(token, at));
        }

        Assert.Equal(state, tracker.State);
        Assert.Equal(fast, tracker.WantsFastProbing);
        Assert.Equal(fast ? Online.FastInterval : Online.Interval, tracker.ProbeInterval);
    }

    [Fact]
    public void One_failed_round_is_silent_but_starts_fast_probing_and_a_success_calms_it()
    {
        var tracker = new LinkTracker("wan1", ["t1", "t2"], Online, new FakeTimeProvider());
        var at = DateTimeOffset.UnixEpoch + Step;
        Assert.Null(tracker.OnRound(Round("00", at)));
        Assert.Equal((LinkState.Online, true), (tracker.State, tracker.WantsFastProbing));
        Assert.Null(tracker.OnRound(Round("11", at + Step)));
        Assert.Equal((LinkState.Online, false), (tracker.State, tracker.WantsFastProbing));
    }

    [Fact]
    public void A_round_with_the_wrong_number_of_targets_is_a_bug()
    {
        var tracker = new LinkTracker("wan1", ["t1", "t2"], Online, new FakeTimeProvider());
        Assert.Throws<ArgumentException>(() => tracker.OnRound(Round("1", DateTimeOffset.UnixEpoch)));
    }

    [Fact]
    public void A_secondary_next_hop_target_never_decides_a_round_but_explains_it()
    {
        var tracker = new LinkTracker("wan1", ["t1", "arp"], Online, new FakeTimeProvider());
        RoundResult R(bool primary, bool nextHop, int second) => new("wan1", DateTimeOffset.UnixEpoch.AddSeconds(second),
        [
            new("t1", primary ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(20)) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(100))),
            new("arp", nextHop ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(1)) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(100)), Secondary: true),
        ]);

        Assert.Null(tracker.OnRound(R(primary: true, nextHop: false, 1)));
        Assert.Null(tracker.OnRound(R(primary: false, nextHop: true, 2)));
        var miss = tracker.OnRound(R(primary: false, nextHop: true, 3));
        Assert.Equal(LinkState.Disconnecting, miss!.To);
        Assert.Equal("2 consecutive failed rounds (0/1 targets answered; the next hop answers: the fault is beyond it)", miss.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(20), tracker.Stats.Rtt);
        Assert.True(tracker.Targets[1].Secondary);
    }
}
