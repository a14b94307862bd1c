using System.Globalization;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Policy;

/// <summary>
/// <c>select: best</c> as tables on a fake clock. A script is steps separated by <c>;</c>: the second, then what
/// changed since the step before: <c>a:RTT[/JITTER[/LOSS%]]</c> (milliseconds; <c>a:-</c> unmeasured) or
/// <c>a=STATE</c>. The expected text is the elected link after each step. Policy <c>p</c> has links a, b (tier 1) and
/// c (tier 2); margin 20 % but at least 5 ms, dwell 30 s.
/// </summary>
public sealed class BestLinkElectionTests
{
    [Theory]
    [InlineData("0 a:10 b:30", "a")] // the best measured link is elected at once
    [InlineData("0 a:10/15 b:30", "b")] // score = rtt + 2·jitter + 10·loss: 40 against 30
    [InlineData("0 a:10/0/3 b:30", "b")] // 3 % loss costs 30 ms
    [InlineData("0 a:- b:30", "b")] // an unmeasured link loses to a measured one
    [InlineData("0 a:- b:-", "a")] // nothing measured: config order
    [InlineData("0 a:19 b:20; 10 a:20 b:19; 40 a:21 b:17; 80 a:18 b:22; 200", "a a a a a")] // within the margin: never flaps
    [InlineData("0 a:100 b:110; 10 b:85; 50; 100", "a a a a")] // 15 % better: inside the 20 % margin
    [InlineData("0 a:50 b:60; 5 b:20; 20; 34; 35", "a a a a b")] // clearly better for the whole dwell: moves after 30 s
    [InlineData("0 a:50 b:60; 5 b:20; 20 b:48; 30 b:20; 40; 59; 60", "a a a a a a b")] // a pause in the lead restarts the dwell
    [InlineData("0 a:10 b:30; 1 a=offline", "a b")] // the elected link stops carrying: replaced at once
    [InlineData("0 a:10 b:30; 1 a=offline; 2 a=online; 31; 32", "a b b b a")] // its return is a challenge like any other
    [InlineData("0 a:10 b:30; 1 a=degraded", "a a")] // degraded with action keep still carries
    [InlineData("0 a:10 b:30; 1 a=offline b=offline", "a c")] // the best tier is gone: tier 2 alone is the candidate
    [InlineData("0 a:10 b:30; 1 a=offline b=offline; 2 a=online; 3", "a c a a")] // tier 1 back: a is the only candidate again
    [InlineData("0 c:1 a:10 b:30", "a")] // a better tier-2 link is never a candidate while tier 1 carries
    public void Elects_the_best_scoring_link_with_margin_and_dwell(string script, string expected) =>
        Assert.Equal(expected, Run(script));

    [Fact]
    public void A_policy_without_select_best_is_not_elected_and_shares_by_weight()
    {
        var config = Config() with { Policies = [new PolicyConfig { Name = "p", Links = ["a", "b"] }] };
        var election = new BestLinkElection();

        Assert.False(election.Update(config, PlanConfigs.States(config), new Dictionary<string, LinkStats>(), Start));
        Assert.Empty(election.Elected);
        Assert.Equal(2, PolicyEngine.Decide(PolicySpec.FromConfig(config)[1], PlanConfigs.States(config)).Links.Count);
    }

    [Fact]
    public void The_outcome_carries_only_the_elected_link_and_falls_back_to_the_first_candidate_before_any_election()
    {
        var config = Config();
        var spec = PolicySpec.FromConfig(config)[1];
        var states = PlanConfigs.States(config);

        Assert.Equal(["b"], PolicyEngine.Decide(spec, states, "b").Links.Select(l => l.Name));
        Assert.Equal(["a"], PolicyEngine.Decide(spec, states).Links.Select(l => l.Name));
        Assert.Equal(["a"], PolicyEngine.Decide(spec, states, "c").Links.Select(l => l.Name));
    }

    [Fact]
    public void A_removed_policy_drops_its_seat_and_reports_a_change()
    {
        var config = Config();
        var election = new BestLinkElection();
        Assert.True(election.Update(config, PlanConfigs.States(config), new Dictionary<string, LinkStats>(), Start));

        Assert.True(election.Update(config with { Policies = [] }, PlanConfigs.States(config), new Dictionary<string, LinkStats>(), Start));
        Assert.Empty(election.Elected);
    }

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static MultiwanConfig Config() => new()
    {
        Links = [PlanConfigs.Link("a", "eth0"), PlanConfigs.Link("b", "eth1"), PlanConfigs.Link("c", "eth2", tier: 2)],
        Policies =
        [
            new PolicyConfig
            {
                Name = "p", Select = LinkSelection.Best, MarginPercent = 20, MarginMin = TimeSpan.FromMilliseconds(5), Dwell = TimeSpan.FromSeconds(30),
            },
        ],
    };

    private static string Run(string script)
    {
        var config = Config();
        var clock = new FakeTimeProvider(Start);
        var states = PlanConfigs.States(config);
        var stats = new Dictionary<string, LinkStats>();
        var election = new BestLinkElection();
        var elected = new List<string>();
        foreach (var step in script.Split(';', StringSplitOptions.TrimEntries))
        {
            var parts = step.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            clock.Advance(Start.AddSeconds(int.Parse(parts[0], CultureInfo.InvariantCulture)) - clock.GetUtcNow());
            foreach (var part in parts.Skip(1))
            {
                if (part.Split('=') is [var link, var state])
                {
                    states[link] = Enum.Parse<LinkState>(state, ignoreCase: true);
                    continue;
                }

                var (name, figures) = (part[..part.IndexOf(':', StringComparison.Ordinal)], part[(part.IndexOf(':', StringComparison.Ordinal) + 1)..].Split('/'));
                stats[name] = figures[0] == "-"
                    ? LinkStats.Empty
                    : new LinkStats(30, figures.Length > 2 ? Ms(figures[2]) : 0, TimeSpan.FromMilliseconds(Ms(figures[0])), TimeSpan.FromMilliseconds(figures.Length > 1 ? Ms(figures[1]) : 0));
            }

            election.Update(config, states, stats, clock.GetUtcNow());
            elected.Add(election.Elected.GetValueOrDefault("p", "-"));
        }

        return string.Join(' ', elected);
    }

    private static double Ms(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
