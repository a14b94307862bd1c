using Multiwan.Tracking;

namespace Multiwan.Tests.Tracking;

public sealed class StatsTests
{
    private static ProbeOutcome Ms(int ms) => ProbeOutcome.Ok(TimeSpan.FromMilliseconds(ms));

    [Fact]
    public void Window_gives_average_rtt_jitter_and_loss()
    {
        var window = new ProbeWindow("t", 10);
        foreach (var o in new[] { Ms(10), ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(100)), Ms(30), Ms(20) })
        {
            window.Add(o);
        }

        var stats = window.Stats();
        Assert.Equal((4, 1, 25.0), (stats.Samples, stats.Lost, stats.LossPercent));
        Assert.Equal(TimeSpan.FromMilliseconds(20), stats.Rtt);
        // Consecutive answered RTTs 10, 30, 20: |20| and |10| -> 15 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(15), stats.Jitter);
        Assert.Equal(Ms(20), stats.Last);
    }

    [Theory]
    [InlineData("+-++", 2, 0)]
    [InlineData("++--", 0, 2)]
    [InlineData("---", 0, 3)]
    [InlineData("", 0, 0)]
    public void Window_counts_the_latest_run_of_answers_or_losses(string outcomes, int answered, int lost)
    {
        var window = new ProbeWindow("t", 10);
        foreach (var c in outcomes)
        {
            window.Add(c == '+' ? Ms(10) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(100)));
        }

        var stats = window.Stats();
        Assert.Equal((answered, lost), (stats.AnsweredInARow, stats.LostInARow));
    }

    [Fact]
    public void Window_forgets_the_oldest_samples()
    {
        var window = new ProbeWindow("t", 3);
        foreach (var o in new[] { ProbeOutcome.Timeout(TimeSpan.Zero), ProbeOutcome.Timeout(TimeSpan.Zero), Ms(10), Ms(20), Ms(40) })
        {
            window.Add(o);
        }

        var stats = window.Stats();
        Assert.Equal((3, 0), (stats.Samples, stats.Lost));
        Assert.Equal(70.0 / 3, stats.Rtt!.Value.TotalMilliseconds, 3);
        Assert.Equal(TimeSpan.FromMilliseconds(15), stats.Jitter);
    }

    [Fact]
    public void Refused_counts_as_an_answer_with_its_rtt()
    {
        var window = new ProbeWindow("t", 5);
        window.Add(ProbeOutcome.Refused(TimeSpan.FromMilliseconds(8)));
        window.Add(ProbeOutcome.Unreachable("no route"));
        var stats = window.Stats();
        Assert.Equal((2, 1), (stats.Samples, stats.Lost));
        Assert.Equal(TimeSpan.FromMilliseconds(8), stats.Rtt);
        Assert.Null(stats.Jitter);
    }

    [Fact]
    public void Empty_window_has_no_figures()
    {
        var stats = new ProbeWindow("t", 5).Stats();
        Assert.Equal((0, 0.0), (stats.Samples, stats.LossPercent));
        Assert.Null(stats.Rtt);
        Assert.Null(stats.Last);
    }

    [Fact]
    public void Link_figures_come_from_the_k_best_targets()
    {
        TargetStats T(string name, int lost, int rtt) => new(name, 10, lost, TimeSpan.FromMilliseconds(rtt), TimeSpan.FromMilliseconds(1), null);
        var targets = new[] { T("dead", 10, 0), T("lossy", 3, 10), T("good", 0, 30) };
        Assert.Equal(new LinkStats(10, 0, TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(1)), LinkStats.FromTargets(targets, 1));
        var two = LinkStats.FromTargets(targets, 2);
        Assert.Equal((15.0, TimeSpan.FromMilliseconds(20)), (two.LossPercent, two.Rtt));
    }

    [Fact]
    public void Timeout_is_the_ceiling_before_any_answer()
    {
        var estimator = new RttEstimator(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1), estimator.Timeout);
    }

    [Fact]
    public void Timeout_follows_rfc6298_within_floor_and_ceiling()
    {
        var estimator = new RttEstimator(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        estimator.Add(TimeSpan.FromMilliseconds(80));
        // srtt 80, rttvar 40: 80 + 160 = 240 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(240), estimator.Timeout);
        estimator.Add(TimeSpan.FromMilliseconds(160));
        // rttvar = 3/4*40 + 1/4*80 = 50; srtt = 7/8*80 + 1/8*160 = 90: 90 + 200 = 290 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(290), estimator.Timeout);
    }

    [Theory]
    [InlineData(1, 100)]      // tiny RTT: the floor
    [InlineData(60, 120)]     // steady path: 2 x srtt keeps a margin when rttvar has decayed
    [InlineData(700, 1000)]   // slow path: the ceiling
    public void Timeout_on_a_steady_path(int rttMs, int expectedMs)
    {
        var estimator = new RttEstimator(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));
        for (var i = 0; i < 200; i++)
        {
            estimator.Add(TimeSpan.FromMilliseconds(rttMs));
        }

        Assert.Equal(expectedMs, estimator.Timeout.TotalMilliseconds, 0);
    }
}
