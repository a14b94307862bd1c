using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// Every probe method, run from the lab's router exactly as the daemon binds it, leaves by its own link only
/// (counted by nft in both ISPs), even when the main routing table points at the other link: over IPv4 and IPv6.
/// </summary>
[Collection(Support.MeasuringCollection.Name)]
public sealed class ProbeBindingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [NamespaceTheory]
    [InlineData(ProbeMethod.Icmp, "icmp", 4)]
    [InlineData(ProbeMethod.Tcp, "tcp", 4)]
    [InlineData(ProbeMethod.Http, "tcp", 4)]
    [InlineData(ProbeMethod.Dns, "udp", 4)]
    [InlineData(ProbeMethod.Icmp, "icmp6", 6)]
    [InlineData(ProbeMethod.Tcp, "tcp6", 6)]
    [InlineData(ProbeMethod.Http, "tcp6", 6)]
    [InlineData(ProbeMethod.Dns, "udp6", 6)]
    public async Task Probes_leave_by_their_link_only(ProbeMethod method, string protocol, int family)
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var v6 = family == 6;
        var target = v6 ? lab.Target6(method) : lab.Target(method);
        LinkBinding Binding(int link) => v6 ? lab.Binding6(link) : lab.Binding(link);

        foreach (var (link, other) in new[] { (1, 2), (2, 1) })
        {
            // The main table's only default (of both families) goes by the other link: a probe following it would be counted there.
            if (link == 1)
            {
                await lab.MainDefaultOnlyViaAsync(2);
            }

            var (before, otherBefore) = (await lab.CountAsync(link, protocol), await lab.CountAsync(other, protocol));
            for (var i = 0; i < 3; i++)
            {
                var outcome = await probes.ProbeAsync(target, Binding(link), Timeout, CancellationToken.None);
                Assert.True(outcome.Status == ProbeStatus.Ok, $"{method} via wan{link}: {outcome}");
                Assert.InRange(outcome.Rtt, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(500));
            }

            Assert.True(await lab.CountAsync(link, protocol) - before >= 3, $"{method} probes counted on ISP {link}");
            Assert.Equal(otherBefore, await lab.CountAsync(other, protocol));
            Assert.Equal(0, await lab.Lab.Counters.ForeignDroppedAsync(link));
        }

        // The responders saw each link's address (TCP: connections; HTTP: requests; DNS: queries): its NAT address for
        // IPv4, its own WAN address for IPv6 (no IPv6 NAT).
        var seen = method switch
        {
            ProbeMethod.Tcp => lab.Lab.Tcp!.Connections,
            ProbeMethod.Http => lab.Lab.Http!.Requests,
            ProbeMethod.Dns => lab.Dns.Queries,
            _ => null,
        };
        if (seen is not null)
        {
            foreach (var isp in lab.Lab.Isps)
            {
                Assert.Equal(3, seen[v6 ? isp.RouterAddress6 : isp.InternetAddress]);
            }
        }

        // Nothing of the other family was sent.
        var otherFamily = v6 ? protocol[..^1] : protocol + "6";
        Assert.Equal(0, await lab.CountAsync(1, otherFamily) + await lab.CountAsync(2, otherFamily));
    }

    [NamespaceFact]
    public async Task Tcp_refused_counts_as_alive_and_leaves_by_its_link()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var target = new ProbeTarget { Address = lab.Lab.Targets[0], Method = ProbeMethod.Tcp, Port = 9 };
        var before = await lab.CountAsync(2, "tcp");

        var outcome = await probes.ProbeAsync(target, lab.Binding(2), Timeout, CancellationToken.None);

        Assert.Equal(ProbeStatus.Refused, outcome.Status);
        Assert.True(outcome.IsAlive);
        Assert.True(await lab.CountAsync(2, "tcp") > before);
        Assert.Equal(0, await lab.CountAsync(1, "tcp"));
    }

    [NamespaceTheory]
    [InlineData(ProbeMethod.Icmp)]
    [InlineData(ProbeMethod.Tcp)]
    [InlineData(ProbeMethod.Http)]
    [InlineData(ProbeMethod.Dns)]
    public async Task Timeouts_are_honoured_when_the_isp_upstream_is_dead(ProbeMethod method)
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var target = lab.Target(method);
        var timeout = TimeSpan.FromMilliseconds(300);

        var started = TimeProvider.System.GetTimestamp();
        var outcome = await probes.ProbeAsync(target, lab.Binding(1), timeout, CancellationToken.None);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(ProbeStatus.Timeout, outcome.Status);
        Assert.InRange(elapsed, timeout - TimeSpan.FromMilliseconds(5), timeout + TimeSpan.FromSeconds(2));
        Assert.Equal(ProbeStatus.Ok, (await probes.ProbeAsync(target, lab.Binding(2), timeout, CancellationToken.None)).Status);
    }

    [NamespaceFact]
    public async Task A_target_reachable_through_one_uplink_only_is_up_there_and_down_on_the_other()
    {
        await using var lab = await ProbeLab.CreateAsync();
        var onlyViaOne = lab.Lab.Targets[1];
        await lab.BlockTargetAsync(2, onlyViaOne);
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var health = new HealthConfig();
        ProbeTarget[] targets = [new() { Address = onlyViaOne }, new() { Address = onlyViaOne, Method = ProbeMethod.Tcp, Port = LabTopology.TcpPort }];

        var states = new Dictionary<int, LinkState>();
        foreach (var link in new[] { 1, 2 })
        {
            var prober = new LinkProber($"wan{link}", lab.Binding(link), targets, probes, health, TimeProvider.System);
            var tracker = new LinkTracker($"wan{link}", [.. targets.Select(t => t.Name)], health, TimeProvider.System);
            for (var round = 0; round < health.UpAfter; round++)
            {
                tracker.OnRound(await prober.ProbeRoundAsync(CancellationToken.None));
            }

            states[link] = tracker.State;
            if (link == 1)
            {
                Assert.All(tracker.Targets, t => Assert.Equal(0, t.LossPercent));
                Assert.InRange(tracker.Stats.Rtt!.Value, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(200));
            }
        }

        Assert.Equal(LinkState.Online, states[1]);
        Assert.Equal(LinkState.Offline, states[2]);
    }

    [NamespaceFact]
    public async Task Adaptive_timeout_settles_between_floor_and_ceiling_on_a_fast_path()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var health = new HealthConfig();
        var prober = new LinkProber("wan1", lab.Binding(1), [new ProbeTarget { Address = lab.Lab.Targets[0] }], probes, health, TimeProvider.System);

        Assert.Equal(health.TimeoutMax, prober.Timeouts()[0]);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await prober.ProbeRoundAsync(CancellationToken.None)).Succeeded(1));
        }

        // Sub-millisecond RTTs in the lab: the floor.
        Assert.Equal(health.TimeoutMin, prober.Timeouts()[0]);
    }
}
