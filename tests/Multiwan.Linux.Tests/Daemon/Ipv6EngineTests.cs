using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The engine with dual-stack links: health per family, a family's failure moves only that family, events say which.</summary>
public sealed class Ipv6EngineTests
{
    /// <summary>Two dual-stack links, a (weight 2) and b, masquerade; also the base of <see cref="Ipv6SelectBestEngineTests"/>.</summary>
    internal const string Yaml = """
        mode: balanced
        lan: [lan0]
        health:
          interval: 1s
          down_after: 1
          up_after: 1
          hold_down: 0s
        ipv6:
          lan_mode: masquerade
        links:
          - name: a
            interface: wan-a
            weight: 2
            targets: [100.64.1.1, 100.64.1.2]
            ipv6:
              targets: [2001:db8:fa::1, 2001:db8:fa::2]
          - name: b
            interface: wan-b
            targets: [100.64.2.1, 100.64.2.3]
            ipv6:
              targets: [2001:db8:fa::1, 2001:db8:fa::3]
        hooks:
          directory: HOOKS
          timeout: TIMEOUT
        daemon:
          socket: DIR/run/multiwan.sock
          state_directory: DIR/state

        """;

    /// <summary>The IPv6 targets of a and b in <see cref="Yaml"/>.</summary>
    internal static readonly string[] A6 = ["2001:db8:fa::1", "2001:db8:fa::2"];

    internal static readonly string[] B6 = ["2001:db8:fa::1", "2001:db8:fa::3"];

    [Fact]
    public async Task Ipv6_dying_on_a_link_moves_only_its_ipv6_and_ipv4_keeps_both_links()
    {
        await using var h = await BothFamiliesUpAsync();
        Assert.Equal([true, true], h.Kernel.Plans[^1].Links6.Select(l => l.Carrying));

        h.Round6("a", A6, alive: false);
        await h.SettleAsync();

        var plan = h.Kernel.Plans[^1];
        Assert.Equal([true, true], plan.Links.Select(l => l.Carrying));
        Assert.Equal([false, true], plan.Links6.Select(l => l.Carrying));
        Assert.Equal(LinkState.Online, await h.StateAsync("a"));
        var down = h.Sinks.HookSinks[^1].Events.Last(e => e.Kind == EventKind.StateChange);
        Assert.Equal(("a", LinkEvent.Ipv6, LinkState.Offline), (down.Link, down.Family, down.NewState!.Value));
        Assert.Contains(h.Sinks.HookSinks[^1].Events, e => e is { Link: "a", Family: LinkEvent.Ipv4, NewState: LinkState.Online });

        var status = (await h.StatusAsync()).Links.Single(l => l.Name == "a");
        Assert.Equal((LinkState.Online, true, LinkState.Offline, false), (status.State, status.Carrying, status.Ipv6!.State, status.Ipv6.Carrying));
        Assert.Equal(0, (await h.StatusAsync()).Links.Single(l => l.Name == "b").Ipv6!.SharePercent - 100);
        var metrics = await h.Engine.MetricsAsync(CancellationToken.None);
        Assert.Contains("multiwan_link_state{link=\"a\",family=\"ipv6\",state=\"offline\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("multiwan_link_state{link=\"a\",state=\"online\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("multiwan_link_carrying{link=\"b\",family=\"ipv6\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv4_dying_on_a_link_leaves_its_ipv6_carrying()
    {
        await using var h = await BothFamiliesUpAsync();

        h.Round("b", false);
        await h.SettleAsync();

        var plan = h.Kernel.Plans[^1];
        Assert.Equal([true, false], plan.Links.Select(l => l.Carrying));
        Assert.Equal([true, true], plan.Links6.Select(l => l.Carrying));
    }

    [Fact]
    public async Task Each_family_starts_its_own_probes()
    {
        await using var h = await BothFamiliesUpAsync();

        Assert.Equal(2, h.Probes.Starts["a"]);
        Assert.Equal(2, h.Probes.Starts["b"]);
    }

    [Fact]
    public async Task A_link_whose_ipv6_stays_down_fires_an_ipv6_long_down_once_and_its_ipv4_none()
    {
        await using var h = await BothFamiliesUpAsync(LongDownYaml);

        h.Round6("a", A6, alive: false);
        await h.SettleAsync();
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(499));
        Assert.Empty(LongDowns(h));
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(700));

        var notice = Assert.Single(LongDowns(h));
        Assert.Equal(("a", LinkEvent.Ipv6, "2001:db8:fa::1"), (notice.Link, notice.Family, notice.Target));
        Assert.StartsWith("offline for ", notice.Reason, StringComparison.Ordinal);
        var hooked = Assert.Single(h.Sinks.HookSinks[^1].Events, e => e.Kind == EventKind.LongDown);
        Assert.Equal(LinkEvent.Ipv6, hooked.Family);
        Assert.Equal(LinkState.Online, await h.StateAsync("a"));
    }

    [Fact]
    public async Task Each_family_has_its_own_long_down_timer_and_a_recovered_ipv6_cancels_only_its_own()
    {
        await using var h = await BothFamiliesUpAsync(LongDownYaml);

        h.Round("b", false);
        h.Round6("b", B6, alive: false);
        await h.SettleAsync();
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(300));
        h.Round6("b", B6, alive: true); // IPv6 back before its long_down; IPv4 stays down.
        await h.SettleAsync();
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(400));

        var notice = Assert.Single(LongDowns(h));
        Assert.Equal(("b", LinkEvent.Ipv4, "100.64.2.1"), (notice.Link, notice.Family, notice.Target));
    }

    [Fact]
    public async Task A_host_name_listed_for_both_families_keeps_each_familys_rounds_apart()
    {
        var yaml = Yaml.Replace("targets: [100.64.1.1, 100.64.1.2]", "targets: [t1.example.com, t2.example.com]", StringComparison.Ordinal)
            .Replace("targets: [2001:db8:fa::1, 2001:db8:fa::2]", "targets: [t1.example.com, t2.example.com]", StringComparison.Ordinal);
        await using var h = new EngineHarness(yaml: yaml);
        NamedRound(h, ipv6: false, alive: true);
        NamedRound(h, ipv6: true, alive: true);
        h.Round("b", true);
        h.Round6("b", B6, alive: true);
        await h.SettleAsync();
        var up = (await h.StatusAsync()).Links.Single(l => l.Name == "a");
        Assert.Equal((LinkState.Online, LinkState.Online), (up.State, up.Ipv6!.State));

        NamedRound(h, ipv6: false, alive: false); // The same target names as the IPv6 side's: only the family tells them apart.
        await h.SettleAsync();

        var status = (await h.StatusAsync()).Links.Single(l => l.Name == "a");
        Assert.Equal((LinkState.Offline, LinkState.Online), (status.State, status.Ipv6!.State));
    }

    /// <summary>A round of link a's host-name targets (t1, t2.example.com) of one family.</summary>
    private static void NamedRound(EngineHarness h, bool ipv6, bool alive)
    {
        var results = ((string[])["t1.example.com", "t2.example.com"])
            .Select(n => new TargetResult(n, alive ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(10)) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(200))))
            .ToList();
        h.Engine.Post(new EngineMessage.Round(new RoundResult("a", h.Clock.GetUtcNow(), results) { Ipv6 = ipv6 }));
    }

    private static string LongDownYaml => Yaml.Replace("  hold_down: 0s\n", "  hold_down: 0s\n  long_down: 500ms\n", StringComparison.Ordinal);

    private static List<LinkEvent> LongDowns(EngineHarness h) => [.. h.Journal.Read().Where(e => e.Kind == EventKind.LongDown)];

    /// <summary>Both links up in both families (the first apply waits for both families of every link to leave connecting).</summary>
    private static async Task<EngineHarness> BothFamiliesUpAsync(string yaml = Yaml)
    {
        var h = new EngineHarness(yaml: yaml);
        h.Round6("a", A6, alive: true);
        h.Round6("b", B6, alive: true);
        await h.BringUpAsync();
        return h;
    }
}
