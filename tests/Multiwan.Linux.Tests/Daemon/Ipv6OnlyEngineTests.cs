using System.Net.Sockets;
using System.Text;
using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The engine with a dual-stack link and an IPv6-only one (<c>ipv4: false</c>, no IPv4 address on its device).</summary>
public sealed class Ipv6OnlyEngineTests
{
    /// <summary><see cref="Ipv6EngineTests.Yaml"/>'s links with equal weights, b IPv6 only.</summary>
    private static readonly string Yaml = Ipv6EngineTests.Yaml
        .Replace("    weight: 2\n", "", StringComparison.Ordinal)
        .Replace("    targets: [100.64.2.1, 100.64.2.3]\n", "    ipv4: false\n", StringComparison.Ordinal);

    private static readonly string[] A6 = Ipv6EngineTests.A6;
    private static readonly string[] B6 = Ipv6EngineTests.B6;

    [Fact]
    public async Task An_ipv6_only_link_has_no_ipv4_probes_or_state_and_does_not_hold_back_the_first_apply()
    {
        await using var h = await StartedAsync();

        Assert.True(h.Kernel.ApplyCount > 0, "applied without waiting for the start-up grace");
        Assert.Equal((2, 1), (h.Probes.Starts["a"], h.Probes.Starts["b"]));
        var plan = h.Kernel.Plans[^1];
        Assert.Equal(["a"], plan.Policies[0].Links.Select(l => l.Name));
        Assert.Equal([true, true], plan.Links6.Select(l => l.Carrying));
        var b = (await h.StatusAsync()).Links.Single(l => l.Name == "b");
        Assert.Equal((false, LinkState.Online, true, LinkState.Online), (b.Ipv4, b.State, b.Carrying, b.Ipv6!.State));
        Assert.Equal(["2001:db8:fa::1", "2001:db8:fa::3"], b.Targets.Select(t => t.Target));
        var metrics = await h.Engine.MetricsAsync(CancellationToken.None);
        Assert.Contains("multiwan_link_state{link=\"b\",family=\"ipv6\",state=\"online\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("multiwan_link_state{link=\"b\",state=", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Its_ipv6_failure_moves_its_ipv6_and_every_event_it_gives_is_an_ipv6_one()
    {
        await using var h = await StartedAsync();

        h.Round6("b", B6, alive: false);
        await h.SettleAsync();

        Assert.Equal([true, false], h.Kernel.Plans[^1].Links6.Select(l => l.Carrying));
        Assert.Equal(["a"], h.Kernel.Plans[^1].Policies6[0].Links.Select(l => l.Name));
        Assert.Equal(LinkState.Offline, await h.StateAsync("b"));
        var events = h.Sinks.HookSinks[^1].Events.Where(e => e.Link == "b").ToList();
        Assert.Contains(events, e => e is { Family: LinkEvent.Ipv6, NewState: LinkState.Offline });
        Assert.All(events, e => Assert.Equal(LinkEvent.Ipv6, e.Family));
    }

    [Fact]
    public async Task A_router_whose_every_link_is_ipv6_only_applies_its_ipv6_half_and_decides_no_ipv4()
    {
        var yaml = Yaml.Replace("    targets: [100.64.1.1, 100.64.1.2]\n", "    ipv4: false\n", StringComparison.Ordinal);
        using var notify = new Support.TempDirectory();
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(notify.Combine("notify")));
        await using var h = new EngineHarness(yaml: yaml, notifySocket: notify.Combine("notify"));
        h.Kernel.NoAddress.Add("wan-a");
        h.Kernel.NoAddress.Add("wan-b");
        h.Round6("a", A6, alive: true);
        h.Round6("b", B6, alive: true);
        await h.SettleAsync();

        Assert.True(h.Kernel.ApplyCount > 0, "applied without waiting for the start-up grace");
        Assert.Equal((1, 1), (h.Probes.Starts["a"], h.Probes.Starts["b"]));
        var plan = h.Kernel.Plans[^1];
        Assert.Empty(plan.Policies);
        Assert.DoesNotContain(plan.Routes, r => !r.Ipv6);
        Assert.Equal(["a", "b"], plan.Policies6[0].Links.Select(l => l.Name));
        Assert.Contains("STATUS=2/2 links carrying: a b", Notices(systemd));
        var policy = Assert.Single((await h.StatusAsync()).Policies);
        Assert.Equal(("default", false, null), (policy.Name, policy.Ipv4, policy.Ipv6));
        Assert.Equal(["a", "b"], policy.Active);

        h.Round6("a", A6, alive: false);
        await h.SettleAsync();

        Assert.Equal(["b"], h.Kernel.Plans[^1].Policies6[0].Links.Select(l => l.Name));
        Assert.Equal(LinkState.Offline, await h.StateAsync("a"));
    }

    /// <summary>The sd_notify lines received so far.</summary>
    private static List<string> Notices(Socket systemd)
    {
        var notices = new List<string>();
        var buffer = new byte[4096];
        while (systemd.Available > 0)
        {
            notices.AddRange(Encoding.UTF8.GetString(buffer, 0, systemd.Receive(buffer)).Split('\n'));
        }

        return notices;
    }

    /// <summary>Both links up for IPv6, a up for IPv4; wan-b has no IPv4 address at all.</summary>
    private static async Task<EngineHarness> StartedAsync()
    {
        var h = new EngineHarness(yaml: Yaml);
        h.Kernel.NoAddress.Add("wan-b");
        h.Round6("a", A6, alive: true);
        h.Round6("b", B6, alive: true);
        h.Round("a", true);
        await h.SettleAsync();
        return h;
    }
}
