using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>Renderer fixes from issue 11's review: each test failed before its fix.</summary>
public sealed class ReviewFixTests
{
    [Fact]
    public void A_catch_all_rule_ends_decide_and_the_default_goto_is_not_repeated()
    {
        var config = PlanConfigs.Balance() with { Rules = [new RuleConfig { Name = "all", Use = PolicySpecDefault }] };
        var plan = Plan(config);

        var decide = Chain(plan.NftScript, "decide");
        Assert.Single(decide, line => line == "goto policy_default");
    }

    [Fact]
    public void Rules_after_a_catch_all_are_unreachable_and_not_rendered()
    {
        var config = PlanConfigs.Balance() with
        {
            Rules = [new RuleConfig { Name = "all", Use = "cable" }, new RuleConfig { Name = "smtp", Protocol = RuleProtocol.Tcp, DstPort = ["25"], Use = "dsl" }],
        };
        var decide = Chain(Plan(config).NftScript, "decide");

        Assert.Equal("goto mark_cable", decide[^1]);
        Assert.DoesNotContain(decide, line => line.Contains("dport 25", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_links_on_one_device_through_an_alias_are_pinned_inbound_by_their_own_address()
    {
        var config = PlanConfigs.Balance() with
        {
            Links =
            [
                PlanConfigs.Link("cable", "eth0") with { Source = "203.0.113.10" },
                PlanConfigs.Link("cable2", "eth0:1") with { Source = "198.51.100.20" },
                PlanConfigs.Link("dsl", "ppp0"),
            ],
        };
        var prerouting = Chain(Plan(config).NftScript, "prerouting");

        Assert.Contains("iifname \"eth0\" ip daddr 203.0.113.10 ct state new ct mark set ct mark & 0xffff00ff | 0x00000100", prerouting);
        Assert.Contains("iifname \"eth0\" ip daddr 198.51.100.20 ct state new ct mark set ct mark & 0xffff00ff | 0x00000200", prerouting);
        Assert.Contains("iifname \"ppp0\" ct state new ct mark set ct mark & 0xffff00ff | 0x00000300", prerouting);
        Assert.DoesNotContain(prerouting, line => line.StartsWith("iifname \"eth0\" ct state new", StringComparison.Ordinal));
    }

    [Fact]
    public void A_shared_device_link_without_a_known_address_is_not_pinned_by_device()
    {
        var config = PlanConfigs.Balance() with { Links = [PlanConfigs.Link("cable", "eth0"), PlanConfigs.Link("cable2", "eth0:1") with { Source = "198.51.100.20" }] };
        var prerouting = Chain(Plan(config).NftScript, "prerouting");

        Assert.DoesNotContain(prerouting, line => line.StartsWith("iifname \"eth0\" ct state new", StringComparison.Ordinal));
        Assert.Single(prerouting, line => line.Contains("ct state new", StringComparison.Ordinal));
    }

    private const string PolicySpecDefault = "default";

    internal static KernelPlan Plan(MultiwanConfig config, string states = "") =>
        KernelPlanner.Plan(config, PlanStates.Parse(config, states), new Dictionary<string, LinkFacts>());

    /// <summary>The rule lines of one chain of the rendered script (tabs and comments stripped).</summary>
    internal static List<string> Chain(string script, string name)
    {
        var lines = script.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.IndexOf($"chain {name} {{");
        Assert.True(start >= 0, $"no chain {name}");
        return [.. lines.Skip(start + 1).TakeWhile(l => l != "}").Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("type ", StringComparison.Ordinal))];
    }
}
