using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// <c>select: best</c> on dual-stack links in the engine: IPv4 connections follow the links' IPv4 figures, IPv6 ones
/// their IPv6 side's, and a link whose IPv6 is down is not elected for IPv6.
/// </summary>
public sealed class Ipv6SelectBestEngineTests
{
    /// <summary><see cref="Ipv6EngineTests.Yaml"/>'s two dual-stack links, every connection sent to policy best (select: best).</summary>
    private const string Yaml = Ipv6EngineTests.Yaml + """
        policies:
          - name: best
            select: best
        rules:
          - name: all
            use: best

        """;

    private static readonly Dictionary<(string Link, bool Ipv6), string[]> Targets = new()
    {
        [("a", false)] = ["100.64.1.1", "100.64.1.2"],
        [("b", false)] = ["100.64.2.1", "100.64.2.3"],
        [("a", true)] = ["2001:db8:fa::1", "2001:db8:fa::2"],
        [("b", true)] = ["2001:db8:fa::1", "2001:db8:fa::3"],
    };

    [Fact]
    public async Task Ipv4_follows_the_ipv4_figures_and_ipv6_the_ipv6_figures()
    {
        await using var h = await MeasuredAsync();

        var plan = h.Kernel.Plans[^1];
        Assert.Equal(["a"], Best(plan.Policies));
        Assert.Equal(["b"], Best(plan.Policies6));
    }

    [Fact]
    public async Task A_link_whose_ipv6_is_down_is_not_elected_for_ipv6_and_ipv4_keeps_its_choice()
    {
        await using var h = await MeasuredAsync();

        Round(h, "b", ipv6: true, rttMs: null);
        await h.SettleAsync();

        var plan = h.Kernel.Plans[^1];
        Assert.Equal(LinkState.Online, await h.StateAsync("b"));
        Assert.Equal(["a"], Best(plan.Policies));
        Assert.Equal(["a"], Best(plan.Policies6));
    }

    [Fact]
    public async Task Status_shows_each_familys_election_and_follows_the_ipv6_one()
    {
        await using var h = await MeasuredAsync();

        var best = (await h.StatusAsync()).Policies.Single(p => p.Name == "best");
        Assert.Equal(["a"], best.Active);
        Assert.Equal(["b"], best.Ipv6!.Active);
        Assert.Equal((false, false, null), (best.LastResort, best.Ipv6.LastResort, best.Ipv4));

        Round(h, "b", ipv6: true, rttMs: null);
        await h.SettleAsync();

        var status = await h.StatusAsync();
        best = status.Policies.Single(p => p.Name == "best");
        Assert.Equal(["a"], best.Active);
        Assert.Equal(["a"], best.Ipv6!.Active);
        using var json = global::System.Text.Json.JsonDocument.Parse(global::System.Text.Json.JsonSerializer.Serialize(status, Cli.ControlCli.Json.StatusSnapshot));
        var row = json.RootElement.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "best");
        Assert.Equal(["name", "mode", "links", "active", "last_resort", "ipv6"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["active", "last_resort"], row.GetProperty("ipv6").EnumerateObject().Select(p => p.Name));
        Assert.Equal("a", row.GetProperty("ipv6").GetProperty("active")[0].GetString());
    }

    [Fact]
    public async Task An_ipv4_only_select_best_config_has_no_ipv6_side_in_status()
    {
        await using var h = new EngineHarness(yaml: EngineHarness.Yaml + "policies:\n  - name: best\n    select: best\n");
        await h.BringUpAsync();

        var status = await h.StatusAsync();
        using var json = global::System.Text.Json.JsonDocument.Parse(global::System.Text.Json.JsonSerializer.Serialize(status, Cli.ControlCli.Json.StatusSnapshot));

        Assert.Equal(["default", "best"], status.Policies.Select(p => p.Name));
        Assert.All(status.Policies, p => Assert.Equal((null, null), (p.Ipv4, p.Ipv6)));
        Assert.All(json.RootElement.GetProperty("policies").EnumerateArray(), p => Assert.Equal(["name", "mode", "links", "active", "last_resort"], p.EnumerateObject().Select(k => k.Name)));
        Assert.Equal(["a"], status.Policies[1].Active);
    }

    /// <summary>
    /// a is fast over IPv4 (10 ms) and slow over IPv6 (60 ms), b the reverse (40 ms, 12 ms). Each family's fast link
    /// answers first, so each election starts on it, and the slow one never beats it.
    /// </summary>
    internal static async Task<EngineHarness> MeasuredAsync()
    {
        var h = new EngineHarness(yaml: Yaml);
        Round(h, "a", ipv6: false, rttMs: 10);
        Round(h, "b", ipv6: true, rttMs: 12);
        Round(h, "b", ipv6: false, rttMs: 40);
        Round(h, "a", ipv6: true, rttMs: 60);
        await h.SettleAsync();
        Assert.True(h.Kernel.ApplyCount > 0, "applied once every family of every link left connecting");
        return h;
    }

    /// <summary>One round of a link's IPv4 or IPv6 targets, every target answering in <paramref name="rttMs"/> (null: none answers).</summary>
    internal static void Round(EngineHarness h, string link, bool ipv6, double? rttMs)
    {
        var results = Targets[(link, ipv6)]
            .Select(t => new TargetResult(t, rttMs is { } ms ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(ms)) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(200))))
            .ToList();
        h.Engine.Post(new EngineMessage.Round(new RoundResult(link, h.Clock.GetUtcNow(), results) { Ipv6 = ipv6 }));
    }

    private static string[] Best(IReadOnlyList<Policy.PolicyOutcome> policies) => [.. policies.Single(p => p.Name == "best").Links.Select(l => l.Name)];
}
