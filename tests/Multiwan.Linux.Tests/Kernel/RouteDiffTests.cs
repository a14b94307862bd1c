namespace Multiwan.Kernel;

/// <summary>The reconcile diff on hand-made desired and observed state (the JSON is what ip 6.1 prints).</summary>
public sealed class RouteDiffTests
{
    private const string OwnRoutesJson = """
        [{"dst":"default","gateway":"10.9.0.1","dev":"d0","table":"100","flags":[]},
         {"dst":"10.9.0.0/30","dev":"d0","table":"100","scope":"link","prefsrc":"10.9.0.2","flags":[]},
         {"type":"unreachable","dst":"default","table":"101","flags":[]},
         {"dst":"default","flags":[],"nexthops":[{"gateway":"10.9.1.1","dev":"d1","weight":3,"flags":[]},{"gateway":"10.9.0.1","dev":"d0","weight":1,"flags":[]}]}]
        """;

    private const string RulesJson = """
        [{"priority":0,"src":"all","table":"local"},
         {"priority":1000,"src":"all","fwmark":"0x100","fwmask":"0xff00","table":"100","protocol":"211"},
         {"priority":1002,"src":"10.9.0.2","table":"100","protocol":"211"},
         {"priority":1004,"src":"all","oif":"d0","table":"100","protocol":"211"},
         {"priority":1005,"src":"10.9.0.0","srclen":24,"table":"100"},
         {"priority":32766,"src":"all","table":"main"}]
        """;

    private static readonly PlannedRoute[] Desired =
    [
        new() { Table = 100, Destination = "default", Via = "10.9.0.1", Device = "d0" },
        new() { Table = 100, Destination = "10.9.0.0/30", Device = "d0", Source = "10.9.0.2", Scope = "link" },
        new() { Table = 254, Destination = "default", Metric = 0, Nexthops = [new Nexthop("10.9.0.1", "d0", 1), new Nexthop("10.9.1.1", "d1", 3)] },
    ];

    private static readonly PlannedRule[] DesiredRules =
    [
        new() { Priority = 1000, Table = 100, FwMark = 0x100, FwMask = 0xff00 },
        new() { Priority = 1002, Table = 100, From = "10.9.0.2/32" },
        new() { Priority = 1004, Table = 100, OutputInterface = "d0" },
    ];

    [Fact]
    public void What_the_kernel_already_has_is_not_sent_again_and_what_we_no_longer_want_is_deleted()
    {
        var commands = RouteDiff.Commands(Desired, Own(), DesiredRules, OwnRules(), 211);

        Assert.Equal(["route del unreachable default table 101 proto 211"], commands);
    }

    [Fact]
    public void A_changed_gateway_is_one_replace_and_a_changed_source_rule_is_add_then_del()
    {
        PlannedRoute[] desired = [Desired[0] with { Via = "10.9.0.5" }, Desired[1], Desired[2]];
        PlannedRule[] rules = [DesiredRules[0], DesiredRules[1] with { From = "10.9.0.6" }, DesiredRules[2]];

        var commands = RouteDiff.Commands(desired, Own(), rules, OwnRules(), 211);

        Assert.Equal(
        [
            "route replace default via 10.9.0.5 dev d0 table 100 proto 211",
            "rule add from 10.9.0.6 table 100 priority 1002 proto 211",
            "rule del from 10.9.0.2 table 100 priority 1002 proto 211",
            "route del unreachable default table 101 proto 211",
        ], commands);
    }

    [Fact]
    public void Changed_multipath_weights_replace_the_main_route_and_a_missing_route_is_added()
    {
        PlannedRoute[] desired = [.. Desired.Take(2), Desired[2] with { Nexthops = [new Nexthop("10.9.0.1", "d0", 3), new Nexthop("10.9.1.1", "d1", 1)] },
            new() { Table = 101, Destination = "default", Via = "10.9.1.1", Device = "d1" }];

        var commands = RouteDiff.Commands(desired, Own(), DesiredRules, OwnRules(), 211);

        Assert.Equal(
        [
            "route replace default proto 211 nexthop via 10.9.0.1 dev d0 weight 3 nexthop via 10.9.1.1 dev d1 weight 1",
            "route replace default via 10.9.1.1 dev d1 table 101 proto 211",
        ], commands);
    }

    [Fact]
    public void Rules_of_other_owners_are_read_but_never_ours()
    {
        var rules = IpJson.Rules(RulesJson);

        Assert.Equal(3, rules.Count(r => r.Protocol == 211));
        var foreign = Assert.Single(rules, r => r.Rule.Priority == 1005);
        Assert.Equal(0, foreign.Protocol);
        Assert.Equal("10.9.0.0/24", foreign.Rule.From);
    }

    [Fact]
    public void Placeholders_are_recognised_in_routes_and_rules()
    {
        Assert.True(RouteDiff.HasPlaceholder(new PlannedRoute { Table = 100, Destination = "default", Via = "<wan1.gateway>", Device = "wan1" }));
        Assert.True(RouteDiff.HasPlaceholder(new PlannedRule { Priority = 1002, Table = 100, From = "<wan1.address>" }));
        Assert.False(RouteDiff.HasPlaceholder(Desired[2]));
    }

    private static IEnumerable<PlannedRoute> Own() => IpJson.Routes(OwnRoutesJson).Select(o => o.Route);

    private static IEnumerable<PlannedRule> OwnRules() => IpJson.Rules(RulesJson).Where(o => o.Protocol == 211).Select(o => o.Rule);
}
