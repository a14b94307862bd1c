using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>
/// <c>select: best</c> per family: an election fed a family's states and figures decides that family's connections.
/// Links a and b are dual-stack, c is IPv4 only (and the fastest over IPv4); policy p has all three.
/// </summary>
public sealed class BestLinkElection6Tests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_family_elects_by_its_own_figures_and_its_decision_takes_that_families_choice()
    {
        var config = Config();
        var (elected4, elected6) = (Elect(config, States4(config), Figures(("a", 10), ("b", 40), ("c", 30))), Elect(config, States6(), Figures(("a", 60), ("b", 12))));

        Assert.Equal("a", elected4["p"]);
        Assert.Equal("b", elected6["p"]);
        Assert.Equal(["a"], Links(PolicyEngine.Decide(config, States4(config), elected4)));
        Assert.Equal(["b"], Links(PolicyEngine.DecideIpv6(config, States6(), elected6)));
    }

    [Fact]
    public void A_link_whose_ipv6_is_down_is_not_elected_for_ipv6_however_good_its_figures()
    {
        var config = Config();
        var states6 = States6(("a", LinkState.Offline));

        var elected6 = Elect(config, states6, Figures(("a", 1), ("b", 50)));

        Assert.Equal("b", elected6["p"]);
        Assert.Equal(["b"], Links(PolicyEngine.DecideIpv6(config, states6, new Dictionary<string, string> { ["p"] = "a" })));
    }

    [Fact]
    public void An_ipv4_only_link_is_never_an_ipv6_candidate()
    {
        var config = Config();

        var elected6 = Elect(config, States6(), Figures(("c", 1), ("a", 20), ("b", 30)));

        Assert.Equal("a", elected6["p"]);
        Assert.Equal(["a"], Links(PolicyEngine.DecideIpv6(config, States6(), new Dictionary<string, string> { ["p"] = "c" })));
    }

    private static MultiwanConfig Config()
    {
        var ipv6 = new LinkIpv6Config { Targets = [new TargetConfig { Address = "2001:db8:ff::1" }] };
        return new()
        {
            Links = [PlanConfigs.Link("a", "eth0") with { Ipv6 = ipv6 }, PlanConfigs.Link("b", "eth1") with { Ipv6 = ipv6 }, PlanConfigs.Link("c", "eth2")],
            Ipv6 = new Ipv6Config { LanMode = Ipv6LanMode.Masquerade },
            Policies = [new PolicyConfig { Name = "p", Select = LinkSelection.Best, MarginPercent = 20, MarginMin = TimeSpan.FromMilliseconds(5), Dwell = TimeSpan.FromSeconds(30) }],
        };
    }

    private static Dictionary<string, LinkState> States4(MultiwanConfig config) => PlanConfigs.States(config);

    /// <summary>The IPv6 states: the dual-stack links only (an IPv4-only link has no IPv6 side), online unless overridden.</summary>
    private static Dictionary<string, LinkState> States6(params (string Link, LinkState State)[] overrides)
    {
        var states = new Dictionary<string, LinkState> { ["a"] = LinkState.Online, ["b"] = LinkState.Online };
        foreach (var (link, state) in overrides)
        {
            states[link] = state;
        }

        return states;
    }

    private static Dictionary<string, LinkStats> Figures(params (string Link, double RttMs)[] figures) =>
        figures.ToDictionary(f => f.Link, f => new LinkStats(30, 0, TimeSpan.FromMilliseconds(f.RttMs), TimeSpan.Zero));

    private static IReadOnlyDictionary<string, string> Elect(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkStats> stats)
    {
        var election = new BestLinkElection();
        election.Update(config, states, stats, Start);
        return election.Elected;
    }

    private static string[] Links(PolicyDecision decision) => [.. decision.Policies.Single(p => p.Spec.Name == "p").Outcome.Links.Select(l => l.Name)];
}
