using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>
/// <c>multiwan explain</c>'s reasons, per family: cable (weight 2) and dsl are dual-stack, lte (tier 2) is IPv4 only;
/// rule v6mail sends 2001:db8:25::/48 to dsl, rule voip UDP 5060 from 10.0.5.0/24 to policy voice (dsl, lte; failover, sticky).
/// </summary>
public sealed class ConnectionExplainerTests
{
    private static readonly MultiwanConfig Config = Ipv6Plans.Config(Ipv6LanMode.Masquerade) with
    {
        Links = [.. Ipv6Plans.Config(Ipv6LanMode.Masquerade).Links, PlanConfigs.Link("lte", "wwan0", tier: 2)],
        Policies = [new PolicyConfig { Name = "voice", Links = ["dsl", "lte"], Mode = BalanceMode.Failover }],
        Rules =
        [
            new RuleConfig { Name = "v6mail", Dst = ["2001:db8:25::/48"], Use = "dsl" },
            new RuleConfig { Name = "voip", Src = ["10.0.5.0/24"], Protocol = RuleProtocol.Udp, DstPort = ["5060", "10000-20000"], Use = "voice", Sticky = TimeSpan.FromHours(1) },
        ],
    };

    [Fact]
    public void A_dual_stack_link_down_for_ipv6_only_carries_ipv4_and_is_offline_for_ipv6()
    {
        var v4 = Explain(ipv6: false, "", new ConnectionQuery());
        var v6 = Explain(ipv6: true, "cable=offline", new ConnectionQuery());

        Assert.Equal(
            ["cable online 0.6667 weight 2 of 3", "dsl online 0.3333 weight 1 of 3", "lte online 0 tier 2: tier 1 carries"],
            Lines(v4));
        Assert.Equal(
            ["cable offline 0 offline: takes no new connections", "dsl online 1 the only carrying link of the best tier", "lte no_ipv6 0 no ipv6: side: takes no IPv6 connection"],
            Lines(v6));
        Assert.Equal((null, "default"), (v6.Rule, v6.Policy));
    }

    [Fact]
    public void Rules_of_the_other_family_and_rules_that_do_not_match_are_passed_over_with_the_reason()
    {
        var v4 = Explain(ipv6: false, "", new ConnectionQuery(Source: IPAddress.Parse("10.0.5.9"), Protocol: RuleProtocol.Udp, DestinationPort: 443));
        var v6 = Explain(ipv6: true, "", new ConnectionQuery(Destination: IPAddress.Parse("2001:db8:25::1")));

        Assert.Equal(["v6mail: matches IPv6 prefixes only", "voip: dst_port 5060, 10000-20000 (got 443)"], v4.Skipped.Select(s => $"{s.Name}: {s.Why}"));
        Assert.Equal("default", v4.Policy);
        Assert.Equal(("v6mail", "dsl"), (v6.Rule, v6.Policy));
        Assert.Equal(["dsl online 1 the link the rule uses"], Lines(v6));
    }

    [Fact]
    public void A_matching_sticky_rule_names_its_policy_and_its_promise()
    {
        var v4 = Explain(ipv6: false, "dsl=offline", new ConnectionQuery(Source: IPAddress.Parse("10.0.5.9"), Protocol: RuleProtocol.Udp, DestinationPort: 12000));

        Assert.Equal(("voip", "voice"), (v4.Rule, v4.Policy));
        Assert.StartsWith("sticky 1h: ", v4.Sticky, StringComparison.Ordinal);
        Assert.Equal(["dsl offline 0 offline: takes no new connections", "lte online 1 failover: the first carrying link"], Lines(v4));
    }

    [Fact]
    public void A_family_no_link_carries_is_not_decided()
    {
        var v6only = Config with { Links = [.. Config.Links.Where(l => l.Ipv6 is not null).Select(l => l with { Ipv4 = false, Targets = [] })], Policies = [], Rules = [] };

        var v4 = ConnectionExplainer.Explain(v6only, PolicyEngine.Decide(v6only, PlanConfigs.States(v6only)), PlanConfigs.States(v6only), ipv6: false, new ConnectionQuery());

        Assert.Equal("every link is IPv6 only (ipv4: false): multiwan does not decide IPv4 connections (the main table routes them)", v4.NotDecided);
        Assert.Empty(v4.Links);
    }

    [Fact]
    public void A_select_best_policy_gives_the_daemons_election_when_there_is_one_else_its_first_candidate()
    {
        var best = Config with { Policies = [new PolicyConfig { Name = "best", Links = ["cable", "dsl"], Select = LinkSelection.Best }], Rules = [new RuleConfig { Name = "all", Use = "best" }] };
        var states = PlanConfigs.States(best);
        Explanation Explain(IReadOnlyDictionary<string, string>? elected) =>
            ConnectionExplainer.Explain(best, PolicyEngine.DecideIpv6(best, states, elected), states, ipv6: true, new ConnectionQuery(), elected);

        Assert.Equal(
            ["cable online 0 select: best elected dsl", "dsl online 1 elected by select: best (the running daemon's election)"],
            Lines(Explain(new Dictionary<string, string> { ["best"] = "dsl" })));
        Assert.Equal(
            ["cable online 1 select: best: the first candidate (the daemon has elected no candidate of these states)", "dsl online 0 select: best elected cable"],
            Lines(Explain(new Dictionary<string, string>())));
        Assert.Equal(
            ["cable online 1 elected by select: best (no measurements here: the first candidate)", "dsl online 0 select: best elected cable"],
            Lines(Explain(null)));
    }

    private static Explanation Explain(bool ipv6, string states, ConnectionQuery query)
    {
        var parsed = PlanStates.Parse(Config, states);
        var decision = ipv6 ? PolicyEngine.DecideIpv6(Config, parsed) : PolicyEngine.Decide(Config, parsed);
        return ConnectionExplainer.Explain(Config, decision, parsed, ipv6, query);
    }

    private static string[] Lines(Explanation e) =>
        [.. e.Links.Select(l => $"{l.Link} {l.State} {Math.Round(l.Share, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)} {l.Why}")];
}
