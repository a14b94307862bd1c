using System.Text;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>The planner with IPv6: both families in one table, health per family, the three LAN modes.</summary>
public sealed class Ipv6PlannerTests
{
    [Fact]
    public void Npt_with_cable_down_for_ipv6_only() =>
        Check("ipv6-npt-cable6-down", Ipv6Plans.Config(Ipv6LanMode.Npt), "", "cable=offline");

    [Fact]
    public void Masquerade_all_up() =>
        Check("ipv6-masquerade-up", Ipv6Plans.Config(Ipv6LanMode.Masquerade), "", "");

    [Fact]
    public void Route_with_dsl_down_for_ipv6() =>
        Check("ipv6-route-dsl6-down", Ipv6Plans.Config(Ipv6LanMode.Route), "", "dsl=offline");

    [Fact]
    public void The_ipv4_routes_and_rules_of_a_dual_stack_config_are_those_of_its_ipv4_only_twin()
    {
        var dual = Ipv6Plans.Config(Ipv6LanMode.Npt);
        var single = dual with { Ipv6 = new Ipv6Config(), Links = [.. dual.Links.Select(l => l with { Ipv6 = null })], Rules = [.. dual.Rules.Where(r => RuleFamilies.Of(r) != RuleFamily.Ipv6)] };
        var facts = Ipv6Plans.Facts();
        var states = PlanStates.Parse(dual, "dsl=offline");

        var dualPlan = KernelPlanner.Plan(dual, states, facts);
        var singlePlan = KernelPlanner.Plan(single, states, facts);

        Assert.Equal(IpBatchRenderer.Render(singlePlan, 211), IpBatchRenderer.Render(dualPlan, 211));
        Assert.Empty(IpBatchRenderer.Render6(singlePlan, 211));
        Assert.Empty(singlePlan.Links6);
        Assert.DoesNotContain("decide6", singlePlan.NftScript, StringComparison.Ordinal);
        Assert.DoesNotContain("ip6", singlePlan.NftScript, StringComparison.Ordinal);
    }

    [Fact]
    public void A_family_that_fails_moves_only_its_own_new_connections()
    {
        var config = Ipv6Plans.Config(Ipv6LanMode.Npt);
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, ""), Ipv6Plans.Facts(), states6: PlanStates.Parse(config, "cable=offline"));

        Assert.Equal([true, true], plan.Links.Select(l => l.Carrying));
        Assert.Equal([false, true], plan.Links6.Select(l => l.Carrying));
        Assert.Equal(["cable", "dsl"], plan.Policies[0].Links.Select(l => l.Name));
        Assert.Equal(["dsl"], plan.Policies6[0].Links.Select(l => l.Name));
        // IPv4 still restores cable's connections; IPv6 no longer does (they get a fresh decision).
        Assert.Contains("ct mark & 0x0000ff00 vmap { 0x00000100 : goto restore_cable, 0x00000200 : goto restore_dsl }", Chain(plan, "decide"), StringComparison.Ordinal);
        Assert.Contains("ct mark & 0x0000ff00 vmap { 0x00000200 : goto restore_dsl }", Chain(plan, "decide6"), StringComparison.Ordinal);
        Assert.Contains("route replace default via fe80::1 dev eth0 table 100 proto 211", IpBatchRenderer.Render6(plan, 211));
        Assert.Contains("route replace default dev ppp0 proto 211 metric 1", IpBatchRenderer.Render6(plan, 211));
    }

    [Fact]
    public void Rules_decide_the_family_their_prefixes_name_and_family_free_rules_decide_both()
    {
        var config = Ipv6Plans.Config(Ipv6LanMode.Masquerade);
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, ""), Ipv6Plans.Facts());

        var decide = Chain(plan, "decide");
        var decide6 = Chain(plan, "decide6");
        Assert.Contains("ip daddr 192.0.2.25 goto mark_cable", decide, StringComparison.Ordinal);
        Assert.DoesNotContain("2001:db8:25::", decide, StringComparison.Ordinal);
        Assert.Contains("ip6 daddr 2001:db8:25::/48 goto mark_dsl", decide6, StringComparison.Ordinal);
        Assert.DoesNotContain("192.0.2.25", decide6, StringComparison.Ordinal);
        Assert.Contains("udp dport 123 goto mark_dsl", decide, StringComparison.Ordinal);
        Assert.Contains("udp dport 123 goto mark_dsl", decide6, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_mode_drops_unique_local_sources_leaving_a_wan_after_nat()
    {
        foreach (var mode in Enum.GetValues<Ipv6LanMode>())
        {
            var config = Ipv6Plans.Config(mode);
            var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, "cable=offline dsl=offline"), Ipv6Plans.Facts());

            Assert.Contains("type filter hook postrouting priority 300; policy accept;\n\t\toifname { \"eth0\", \"ppp0\" } ip6 saddr fc00::/7 drop", plan.NftScript, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Route_mode_refuses_a_down_wans_prefix_with_reject_route_and_pins_the_others()
    {
        var config = Ipv6Plans.Config(Ipv6LanMode.Route);
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, ""), Ipv6Plans.Facts(), states6: PlanStates.Parse(config, "dsl=offline"));

        var decide6 = Chain(plan, "decide6");
        Assert.Contains("ip6 saddr 2001:db8:1:100::/64 goto mark_cable", decide6, StringComparison.Ordinal);
        Assert.Contains("ip6 saddr 2001:db8:2:100::/64 reject with icmpv6 type reject-route", decide6, StringComparison.Ordinal);
        Assert.Contains("rule add from 2001:db8:2:100::/64 table 101 priority 1101 proto 211", IpBatchRenderer.Render6(plan, 211));
        Assert.DoesNotContain("snat", plan.NftScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_ipv6_facts_are_named_placeholders()
    {
        var config = Ipv6Plans.Config(Ipv6LanMode.Npt);
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, ""), PlanFacts.Balance());

        Assert.Equal(["<cable.ipv6.address>", "<cable.ipv6.gateway>", "<dsl.ipv6.address>"], plan.Placeholders);
    }

    private static string Chain(KernelPlan plan, string name) => Ipv6Plans.Chain(plan, name);

    private static void Check(string name, MultiwanConfig config, string states, string states6)
    {
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, states), Ipv6Plans.Facts(), states6: PlanStates.Parse(config, states6));
        var text = new StringBuilder();
        text.Append("# placeholders: ").Append(string.Join(' ', plan.Placeholders)).Append('\n');
        text.Append("# nft -f -\n").Append(plan.NftScript);
        text.Append("# ip -batch -\n");
        foreach (var line in IpBatchRenderer.Render(plan, config.Kernel.Protocol))
        {
            text.Append(line).Append('\n');
        }

        text.Append("# ip -6 -batch -\n");
        foreach (var line in IpBatchRenderer.Render6(plan, config.Kernel.Protocol))
        {
            text.Append(line).Append('\n');
        }

        Snapshot.Match(name, text.ToString());
    }
}
