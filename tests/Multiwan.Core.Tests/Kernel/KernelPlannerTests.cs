using Multiwan.Configuration;

namespace Multiwan.Kernel;

public sealed class KernelPlannerTests
{
    [Fact]
    public void Links_get_marks_inside_the_mask_tables_and_rule_priorities_by_slot_position_when_none_are_remembered()
    {
        var plan = Plan(PlanConfigs.Rules(), "");

        Assert.Equal([0x10000u, 0x20000u, 0x30000u], plan.Links.Select(l => l.Mark));
        Assert.Equal([200, 201, 202], plan.Links.Select(l => l.Table));
        // 11 slots (tables 200-210): fwmark rules from 3000, source rules from 3011, oif rules from 3022.
        Assert.Equal([3000, 3001, 3002, 3011, 3012, 3013, 3022, 3023, 3024], plan.Rules.Select(r => r.Priority));
        Assert.All(plan.Rules.Where(r => r.FwMark is not null), r => Assert.Equal(0x00ff0000u, r.FwMask));
    }

    [Fact]
    public void A_mask_without_room_for_every_link_is_refused()
    {
        var config = PlanConfigs.Rules() with { Kernel = new KernelConfig { MarkMask = 0x0100 } };
        var error = Assert.Throws<InvalidOperationException>(() => Plan(config, ""));
        Assert.Contains("mark_mask", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_facts_become_named_placeholders_and_known_ones_do_not()
    {
        Assert.Equal(["<cable.address>", "<cable.gateway>", "<dsl.address>"], Plan(PlanConfigs.Balance(), "").Placeholders);
        Assert.Empty(KernelPlanner.Plan(PlanConfigs.Balance(), PlanStates.Parse(PlanConfigs.Balance(), ""), PlanFacts.Balance()).Placeholders);
    }

    [Fact]
    public void An_explicit_gateway_and_source_need_no_facts_and_an_alias_routes_by_its_device()
    {
        var config = PlanConfigs.Balance() with
        {
            Links = [PlanConfigs.Link("cable", "eth0:1") with { Gateway = "10.0.0.1", Source = "10.0.0.2" }, PlanConfigs.Link("dsl", "ppp0") with { Source = "10.1.0.2" }],
        };
        var plan = Plan(config, "");

        Assert.Empty(plan.Placeholders);
        Assert.Contains("route replace default via 10.0.0.1 dev eth0 table 100 proto 211", Lines(plan));
        Assert.Contains("iifname \"eth0\" ct state new", plan.NftScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Balanced_links_split_new_connections_by_weight_and_both_masquerade()
    {
        var plan = Plan(PlanConfigs.Balance(), "");

        Assert.Contains("numgen random mod 3 vmap { 0-1 : goto mark_cable, 2 : goto mark_dsl }", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains("oifname \"eth0\" masquerade", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains("oifname \"ppp0\" masquerade", plan.NftScript, StringComparison.Ordinal);
        Assert.Equal([2.0 / 3, 1.0 / 3], plan.Links.Select(l => l.Share));
    }

    [Fact]
    public void A_down_link_leaves_every_decision_and_the_main_route_but_keeps_its_table()
    {
        var plan = Plan(PlanConfigs.Balance(), "cable=offline");
        var lines = Lines(plan);

        Assert.DoesNotContain("numgen", plan.NftScript, StringComparison.Ordinal);
        Assert.DoesNotContain("goto restore_cable", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains("chain policy_default {\n\t\tgoto mark_dsl\n", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains("route replace default dev ppp0 proto 211 metric 0", lines);
        Assert.Contains("route replace default via <cable.gateway> dev eth0 table 100 proto 211", lines);
        Assert.False(plan.Links[0].Carrying);
        Assert.False(plan.LastResortActive);
    }

    [Fact]
    public void A_link_whose_interface_has_no_address_gets_no_route_rule_or_next_hop_the_kernel_would_refuse_and_leaves_the_policy()
    {
        var config = PlanConfigs.Balance();
        var facts = PlanFacts.Balance();
        facts["cable"] = facts["cable"] with { Address = null, PrefixLength = 0, NoAddress = true }; // The gateway is still remembered.
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, ""), facts); // Still online as far as the caller knows.
        var lines = Lines(plan);

        Assert.DoesNotContain(lines, l => l.Contains("table 100", StringComparison.Ordinal) && l.StartsWith("route replace default", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Rules, r => r.Table == 100 && r.From is not null);
        Assert.Contains(plan.Rules, r => r.Table == 100 && r.FwMark is not null);
        Assert.Contains("route replace default dev ppp0 proto 211 metric 0", lines);
        Assert.Contains("chain policy_default {\n\t\tgoto mark_dsl\n", plan.NftScript, StringComparison.Ordinal);
        Assert.False(plan.Links[0].Carrying);
    }

    [Fact]
    public void Every_link_without_an_address_leaves_the_main_table_unreachable_even_under_last_resort_all()
    {
        var config = PlanConfigs.Balance(LastResort.All);
        var facts = PlanFacts.Balance().ToDictionary(f => f.Key, f => f.Value with { Address = null, NoAddress = true });
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, "cable=offline dsl=offline"), facts);

        Assert.Contains("route replace unreachable default proto 211 metric 0", Lines(plan));
        Assert.DoesNotContain(plan.Rules, r => r.From is not null);
    }

    [Theory]
    [InlineData(LastResort.Unreachable, "reject with icmpx type no-route", "route replace unreachable default proto 211 metric 0")]
    [InlineData(LastResort.Blackhole, "drop", "route replace blackhole default proto 211 metric 0")]
    [InlineData(LastResort.All, "numgen random mod 3 vmap { 0-1 : goto mark_cable, 2 : goto mark_dsl }", "route replace default proto 211 metric 0 nexthop via <cable.gateway> dev eth0 weight 2 nexthop dev ppp0 weight 1")]
    public void Every_link_down_brings_the_last_resort(LastResort lastResort, string nft, string mainRoute)
    {
        var plan = Plan(PlanConfigs.Balance(lastResort), "cable=offline dsl=offline");

        Assert.True(plan.LastResortActive);
        Assert.Contains($"# last resort {lastResort.ToString().ToLowerInvariant()}", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains(nft, plan.NftScript, StringComparison.Ordinal);
        Assert.Contains(mainRoute, Lines(plan));
    }

    [Fact]
    public void A_rule_to_a_down_link_takes_the_global_last_resort()
    {
        var config = PlanConfigs.Rules() with { LastResort = LastResort.Unreachable };
        var plan = Plan(config, "dsl-2=offline");

        Assert.Contains("tcp dport { 25, 465, 587 } reject with icmpx type no-route", plan.NftScript, StringComparison.Ordinal);
        Assert.True(plan.LastResortActive);
    }

    [Fact]
    public void A_degraded_link_removed_from_balancing_keeps_its_connections()
    {
        var config = PlanConfigs.Balance();
        var remove = new HealthConfig { Quality = new QualityConfig { Action = DegradedAction.Remove } };
        config = config with { Links = [config.Links[0] with { Health = remove }, config.Links[1]] };
        var plan = Plan(config, "cable=degraded");

        Assert.Contains("0x00000100 : goto restore_cable", plan.NftScript, StringComparison.Ordinal);
        Assert.DoesNotContain("goto mark_cable", plan.NftScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_lan_everything_but_the_wans_and_loopback_is_balanced()
    {
        var plan = Plan(PlanConfigs.Balance() with { Lan = [] }, "");
        Assert.Contains("iifname != { \"eth0\", \"ppp0\", \"lo\" } jump decide", plan.NftScript, StringComparison.Ordinal);
    }

    [Fact]
    public void Snat_without_a_known_address_masquerades_and_names_the_placeholder()
    {
        var config = PlanConfigs.Balance();
        config = config with { Links = [config.Links[0] with { Nat = NatMode.Snat }, config.Links[1]] };
        var plan = Plan(config, "");

        Assert.Contains("# snat to <cable.address> once the address is known; masquerade until then", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains("<cable.address>", plan.Placeholders);
    }

    [Fact]
    public void Multipath_weights_are_scaled_into_the_range_ip_accepts()
    {
        var config = PlanConfigs.Balance() with { Links = [PlanConfigs.Link("big", "eth0", weight: 1000) with { Gateway = "10.0.0.1" }, PlanConfigs.Link("small", "eth2", weight: 3) with { Gateway = "10.0.1.1" }] };
        var main = Plan(config, "").Routes.Single(r => r.Table == 254);

        Assert.Equal([256, 1], main.Nexthops.Select(n => n.Weight));
    }

    private static KernelPlan Plan(MultiwanConfig config, string states) =>
        KernelPlanner.Plan(config, PlanStates.Parse(config, states), new Dictionary<string, LinkFacts>());

    private static IReadOnlyList<string> Lines(KernelPlan plan) => IpBatchRenderer.Render(plan, 211);
}
