using Multiwan.Tracking;

namespace Multiwan.Configuration;

/// <summary>The YAML of <c>select: best</c> and of a <c>min_targets</c> ratio (multihomed's up_percent).</summary>
public sealed class SelectBestConfigTests
{
    private const string Links = "links:\n  - name: a\n    interface: eth0\n    targets: [192.0.2.1, 192.0.2.2, 192.0.2.3]\n  - name: b\n    interface: eth1\n    targets: [192.0.2.4, 192.0.2.5]\n";

    [Fact]
    public void A_policy_reads_select_best_with_margin_and_dwell()
    {
        var result = ConfigLoader.Parse(Links + "policies:\n  - name: fast\n    select: best\n    margin_percent: 10\n    margin_min: 3ms\n    dwell: 1m\n", "t.yaml");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        var policy = result.Config!.Policies[0];
        Assert.Equal((LinkSelection.Best, 10.0, TimeSpan.FromMilliseconds(3), TimeSpan.FromMinutes(1)), (policy.Select, policy.MarginPercent, policy.MarginMin, policy.Dwell));
        Assert.Contains("select: best", ConfigYamlWriter.Write(result.Config), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("    select: fastest", ":10: policies[0].select: expected one of mode, best (got fastest)")]
    [InlineData("    margin_percent: 120", ":10: policies[0].margin_percent: must be a percentage between 0 and 100 (got 120)")]
    [InlineData("    dwell: -1s", ":10: policies[0].dwell:")]
    public void Bad_selection_settings_are_reported(string line, string expected)
    {
        var errors = ConfigLoader.Parse(Links + "policies:\n  - name: fast\n" + line + "\n", "t.yaml").Errors.Select(e => e.ToString());

        Assert.Contains(errors, e => e.StartsWith("t.yaml" + expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("60%", 3, 2)] // ⌈1.8⌉
    [InlineData("60%", 5, 3)]
    [InlineData("100%", 3, 3)]
    [InlineData("1%", 3, 1)] // at least one
    [InlineData("2", 3, 2)]
    public void Min_targets_is_a_count_or_a_share(string written, int targets, int k)
    {
        var result = ConfigLoader.Parse(Links + $"health:\n  min_targets: {written}\n", "t.yaml");

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Equal(k, result.Config!.Health.MinTargets.Of(targets));
        Assert.Contains($"min_targets: {written}", ConfigYamlWriter.Write(result.Config), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0%", ":9: health.min_targets: a percentage must be above 0% and at most 100% (got 0%)")]
    [InlineData("150%", ":9: health.min_targets: a percentage must be above 0% and at most 100% (got 150%)")]
    [InlineData("most", ":9: health.min_targets: expected an integer or a percentage such as 60% (got most)")]
    public void A_bad_min_targets_is_reported(string written, string expected)
    {
        var errors = ConfigLoader.Parse(Links + $"health:\n  min_targets: {written}\n", "t.yaml").Errors.Select(e => e.ToString());

        Assert.Contains("t.yaml" + expected, errors);
    }

    [Fact]
    public void A_ratio_decides_rounds_by_the_share_of_targets_that_answered()
    {
        var health = new HealthConfig { MinTargets = new TargetQuorum(0, 60), DownAfter = 1 };
        var tracker = new LinkTracker("a", ["t1", "t2", "t3"], health with { InitialState = InitialState.Online }, new FakeTimeProvider());

        Assert.Null(tracker.OnRound(Round(true, true, false)));
        Assert.Equal(LinkState.Offline, tracker.OnRound(Round(true, false, false))?.To);
    }

    private static RoundResult Round(params bool[] answered) => new("a", DateTimeOffset.UnixEpoch,
        [.. answered.Select((ok, i) => new TargetResult($"t{i + 1}", ok ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(5)) : ProbeOutcome.Timeout(TimeSpan.FromSeconds(1))))]);
}
