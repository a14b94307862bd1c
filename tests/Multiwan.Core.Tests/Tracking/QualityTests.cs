using Multiwan.Configuration;
using static Multiwan.Tests.Tracking.TrackerScript;

namespace Multiwan.Tests.Tracking;

/// <summary>Degraded by loss, RTT or jitter, with separate failure and recovery levels (window 10 = the minimum sample count).</summary>
public sealed class QualityTests
{
    private static readonly HealthConfig Config = new()
    {
        InitialState = InitialState.Online,
        Window = 10,
        Quality = new QualityConfig
        {
            LossFail = 40,
            LossRecover = 20,
            RttFail = TimeSpan.FromMilliseconds(800),
            RttRecover = TimeSpan.FromMilliseconds(400),
            JitterFail = TimeSpan.FromMilliseconds(100),
            JitterRecover = TimeSpan.FromMilliseconds(50),
        },
    };

    [Fact]
    public void Rtt_past_the_failure_level_degrades_once_the_window_has_enough_samples() =>
        Assert.Equal(Letters("OOOOOOOOO G"), Run(Config, Repeat("11@900", 10)));

    [Fact]
    public void Rtt_between_the_levels_does_not_degrade() =>
        Assert.Equal(Letters("OOOOOOOOOO OOOOO"), Run(Config, Repeat("11@600", 15)));

    [Fact]
    public void Rtt_recovers_only_at_or_below_the_recovery_level()
    {
        // Averages after each 100 ms round: 820 740 660 580 500 420 (below 800 but still degraded: hysteresis), 340 -> online.
        // (Jitter is off here: the one 800 ms step would keep the jitter above its recovery level.)
        var script = Repeat("11@900", 10) + " " + Repeat("11@100", 7);
        var config = Config with { Quality = Config.Quality with { JitterFail = null } };
        Assert.Equal(Letters("OOOOOOOOO G GGGGGG O"), Run(config, script));
    }

    [Fact]
    public void Loss_on_every_target_degrades_and_recovers_with_hysteresis()
    {
        // Each target loses every other probe (50 %) while every round still succeeds (k = 1).
        // Then full answers: the best target's loss goes 40 40 30 30 (still degraded) 20 -> online.
        var script = Repeat("10 01", 5) + " " + Repeat("11", 5);
        Assert.Equal(Letters("OOOOOOOOO G GGGG O"), Run(Config, script));
    }

    [Fact]
    public void One_dead_target_does_not_degrade_a_link_with_k_1() =>
        Assert.Equal(Letters("OOOOOOOOOOOO"), Run(Config, Repeat("10", 12)));

    [Fact]
    public void Jitter_degrades_and_recovers()
    {
        // RTT alternating 10/210 ms: jitter 200 ms >= 100. Then steady 10 ms: the mean of the consecutive differences falls.
        var jittery = string.Join(' ', Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "11@10" : "11@210"));
        var letters = Run(Config with { Quality = Config.Quality with { RttFail = null } }, jittery + " " + Repeat("11@10", 10));
        Assert.Equal(Letters("OOOOOOOOO G"), letters[..10]);
        Assert.Equal('O', letters[^1]);

        // Hysteresis: still degraded for a while after the jitter fell below the failure level, and no flapping.
        var recovery = letters[10..];
        Assert.Matches("^G+O+$", recovery);
    }

    [Fact]
    public void A_failed_round_from_degraded_is_disconnecting_and_a_success_returns_to_degraded() =>
        Assert.Equal(Letters("OOOOOOOOO G d G"), Run(Config, Repeat("11@900", 10) + " 00 11@900"));

    [Fact]
    public void Recovery_after_an_outage_starts_with_fresh_figures()
    {
        // 10 slow rounds (degraded), outage, then fast answers: the outage's losses and old RTTs are forgotten.
        var config = Config with { HoldDown = TimeSpan.Zero };
        var script = Repeat("11@900", 10) + " 00 00 00 " + Repeat("11", 5);
        Assert.Equal(Letters("OOOOOOOOO G ddX cccc O"), Run(config, script));
    }
}
