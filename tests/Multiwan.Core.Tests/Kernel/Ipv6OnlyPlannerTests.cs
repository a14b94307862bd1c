using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>The planner with an IPv6-only link (<c>ipv4: false</c>) beside two dual-stack links: IPv6 over all three, IPv4 over the other two.</summary>
public sealed class Ipv6OnlyPlannerTests
{
    private static readonly MultiwanConfig Dual = Ipv6Plans.Config(Ipv6LanMode.Masquerade);

    private static readonly MultiwanConfig Config = Dual with
    {
        Links = [.. Dual.Links, new LinkConfig
        {
            Name = "lte",
            Interface = "wwan0",
            Ipv4 = false,
            Ipv6 = new LinkIpv6Config { Targets = [new TargetConfig { Address = "2001:db8:ff::1" }, new TargetConfig { Address = "2001:db8:ff::3" }] },
        }],
        Rules = [.. Dual.Rules, new RuleConfig { Name = "mobile", Protocol = RuleProtocol.Tcp, DstPort = ["5060"], Use = "lte" }],
    };

    /// <summary>lte has no IPv4 address at all (as on such a line); its IPv6 address and router are known.</summary>
    private static Dictionary<string, LinkFacts> Facts()
    {
        var facts = Ipv6Plans.Facts();
        facts["lte"] = new LinkFacts
        {
            Device = "wwan0",
            NoAddress = true,
            Ipv6 = new Ipv6Facts { Address = IPAddress.Parse("2001:db8:c::5"), PrefixLength = 64, Gateway = IPAddress.Parse("fe80::c") },
        };
        return facts;
    }

    [Fact]
    public void The_ipv4_side_is_that_of_the_config_without_the_ipv6_only_link()
    {
        var states = PlanStates.Parse(Config, "");

        var plan = KernelPlanner.Plan(Config, states, Facts());
        var twin = KernelPlanner.Plan(Dual, PlanStates.Parse(Dual, ""), Ipv6Plans.Facts());

        Assert.Equal(IpBatchRenderer.Render(twin, 211), IpBatchRenderer.Render(plan, 211));
        Assert.Equal(twin.Policies.Select(p => p.Links), plan.Policies.Select(p => p.Links));
        Assert.Equal(Chain(twin, "decide"), Chain(plan, "decide").Replace(", 0x00000300 : goto restore_lte", "", StringComparison.Ordinal));
        Assert.DoesNotContain("lte", Chain(plan, "decide"), StringComparison.Ordinal);
        Assert.DoesNotContain("meta nfproto ipv4 oifname \"wwan0\"", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains("# lte: IPv6 only, no IPv4 nat", plan.NftScript, StringComparison.Ordinal);
        Assert.False(plan.LastResortActive);
    }

    [Fact]
    public void An_absent_ipv4_address_is_no_placeholder_and_no_failure()
    {
        var plan = KernelPlanner.Plan(Config, PlanStates.Parse(Config, ""), Facts());

        Assert.Empty(plan.Placeholders);
        Assert.DoesNotContain(IpBatchRenderer.Render(plan, 211), l => l.Contains("table 102", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ipv6_side_balances_over_every_link_with_ipv6_and_moves_off_a_dead_one()
    {
        var up = KernelPlanner.Plan(Config, PlanStates.Parse(Config, ""), Facts());
        var dead = KernelPlanner.Plan(Config, PlanStates.Parse(Config, ""), Facts(), states6: PlanStates.Parse(Config, "lte=offline"));

        Assert.Equal(["cable", "dsl", "lte"], up.Policies6[0].Links.Select(l => l.Name));
        Assert.Equal([true, true, true], up.Links6.Select(l => l.Carrying));
        Assert.Contains("route replace default via fe80::c dev wwan0 table 102 proto 211", IpBatchRenderer.Render6(up, 211));
        Assert.Contains("rule add from 2001:db8:c::5 table 102 priority 1102 proto 211", IpBatchRenderer.Render6(up, 211));
        Assert.Contains("oifname \"wwan0\" masquerade", Chain(up, "postrouting"), StringComparison.Ordinal);
        Assert.Contains("tcp dport 5060 goto mark_lte", Chain(up, "decide6"), StringComparison.Ordinal);
        Assert.Equal(["cable", "dsl"], dead.Policies6[0].Links.Select(l => l.Name));
        Assert.Equal([true, true, false], dead.Links6.Select(l => l.Carrying));
        Assert.Equal(["cable", "dsl"], dead.Policies[0].Links.Select(l => l.Name));
    }

    private static string Chain(KernelPlan plan, string name) => Ipv6Plans.Chain(plan, name);
}
