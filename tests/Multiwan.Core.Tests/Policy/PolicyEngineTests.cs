using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Policy;

public sealed class PolicyEngineTests
{
    [Theory]
    [InlineData("", "cable:2 dsl:1")]
    [InlineData("cable=offline", "dsl:1")]
    [InlineData("dsl=offline", "cable:1")]
    [InlineData("cable=disconnecting", "cable:2 dsl:1")]
    [InlineData("cable=connecting", "dsl:1")]
    [InlineData("cable=disabled", "dsl:1")]
    [InlineData("cable=offline dsl=connecting", "last resort all: cable:2 dsl:1")]
    public void Balanced_shares_among_carrying_links(string states, string expected) =>
        Assert.Equal(expected, Describe(PlanConfigs.Balance(), states));

    [Theory]
    [InlineData(DegradedAction.Keep, "cable:2 dsl:1")]
    [InlineData(DegradedAction.Reduce, "cable:1 dsl:2")] // 2 × 25 % against 1 × 100 %
    [InlineData(DegradedAction.Remove, "dsl:1")]
    public void Degraded_link_follows_its_action(DegradedAction action, string expected)
    {
        var config = PlanConfigs.Balance();
        var health = new HealthConfig { Quality = new QualityConfig { Action = action, ReducedWeightPercent = 25 } };
        config = config with { Links = [config.Links[0] with { Health = health }, config.Links[1]] };
        Assert.Equal(expected, Describe(config, "cable=degraded"));
    }

    [Theory]
    [InlineData("", "a:1 b:3")]
    [InlineData("a=offline", "b:1")]
    [InlineData("a=offline b=offline", "c:1")]
    [InlineData("a=offline b=offline c=offline", "bk:1")]
    [InlineData("a=offline b=offline c=offline bk=offline", "last resort unreachable: -")]
    public void Balanced_uses_the_best_tier_and_backup_only_when_every_other_link_is_down(string states, string expected)
    {
        var config = new MultiwanConfig
        {
            Links =
            [
                PlanConfigs.Link("bk", "wwan0", tier: 1, backup: true),
                PlanConfigs.Link("c", "eth2", tier: 2),
                PlanConfigs.Link("a", "eth0", weight: 2),
                PlanConfigs.Link("b", "eth1", weight: 6),
            ],
            LastResort = LastResort.Unreachable,
        };
        Assert.Equal(expected, Describe(config, states));
    }

    [Theory]
    [InlineData("", "fibre:1")]
    [InlineData("fibre=offline", "cable:1")]
    [InlineData("fibre=connecting cable=degraded", "cable:1")]
    [InlineData("fibre=offline cable=offline", "lte:1")]
    [InlineData("fibre=offline cable=offline lte=offline", "last resort unreachable: -")]
    public void Failover_uses_exactly_one_link_backup_last(string states, string expected) =>
        Assert.Equal(expected, Describe(PlanConfigs.Failover(), states));

    [Fact]
    public void Failover_within_a_tier_follows_list_order()
    {
        var config = new MultiwanConfig
        {
            Mode = BalanceMode.Failover,
            Links = [PlanConfigs.Link("second", "eth1", weight: 5, tier: 2), PlanConfigs.Link("x", "eth0", weight: 9), PlanConfigs.Link("y", "eth2")],
        };
        Assert.Equal("x:9", Describe(config, ""));
        Assert.Equal("y:1", Describe(config, "x=offline"));
    }

    [Fact]
    public void Each_policy_has_its_own_links_and_last_resort()
    {
        var config = PlanConfigs.Rules();
        var outcomes = PolicyEngine.Evaluate(config, Parse(config, "guest=offline"));

        Assert.Equal(["default", "fast", "guests"], outcomes.Select(o => o.Name));
        Assert.Equal("cable:2 dsl-2:1", Format(outcomes[0]));
        Assert.Equal("cable:2 dsl-2:1", Format(outcomes[1]));
        Assert.Equal("last resort blackhole: -", Format(outcomes[2]));
    }

    [Fact]
    public void A_policy_can_override_the_mode_and_list_its_links_in_failover_order()
    {
        var config = PlanConfigs.Balance() with
        {
            Policies = [new PolicyConfig { Name = "prefer-dsl", Links = ["dsl", "cable"], Mode = BalanceMode.Failover }],
        };
        var outcomes = PolicyEngine.Evaluate(config, Parse(config, ""));
        Assert.Equal("dsl:1", Format(outcomes[1]));
        Assert.Equal(BalanceMode.Failover, outcomes[1].Mode);
    }

    [Fact]
    public void A_link_without_a_state_is_treated_as_offline()
    {
        var config = PlanConfigs.Balance();
        var outcome = PolicyEngine.Evaluate(config, new Dictionary<string, LinkState> { ["dsl"] = LinkState.Online })[0];
        Assert.Equal("dsl:1", Format(outcome));
    }

    [Fact]
    public void Shares_follow_weights()
    {
        var outcome = PolicyEngine.Evaluate(PlanConfigs.Balance(), Parse(PlanConfigs.Balance(), ""))[0];
        Assert.Equal(2.0 / 3, outcome.ShareOf("cable"), 6);
        Assert.Equal(1.0 / 3, outcome.ShareOf("dsl"), 6);
        Assert.Equal(0, outcome.ShareOf("nope"));
    }

    private static string Describe(MultiwanConfig config, string states) =>
        Format(PolicyEngine.Evaluate(config, Parse(config, states))[0]);

    private static string Format(PolicyOutcome outcome)
    {
        var links = outcome.Links.Count == 0 ? "-" : string.Join(' ', outcome.Links.Select(l => $"{l.Name}:{l.Weight}"));
        return outcome.LastResortInForce is { } lastResort ? $"last resort {lastResort.ToString().ToLowerInvariant()}: {links}" : links;
    }

    private static Dictionary<string, LinkState> Parse(MultiwanConfig config, string states) =>
        PlanConfigs.States(config, [.. states.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('='))
            .Select(kv => (kv[0], Enum.Parse<LinkState>(kv[1], ignoreCase: true)))]);
}
