using System.Net;
using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// IPv6 probes on the dual-stack lab, bound as the daemon binds a link's IPv6 probe set (mark, device, IPv6 source):
/// each method leaves by its own link only (counted by nft in both ISPs) even when the main table's only IPv6 default
/// goes by the other link; the neighbour probe is the IPv6 next-hop signal.
/// </summary>
public sealed class ProbeBinding6Tests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [NamespaceTheory]
    [InlineData(ProbeMethod.Icmp, "icmp6")]
    [InlineData(ProbeMethod.Tcp, "tcp6")]
    [InlineData(ProbeMethod.Http, "tcp6")]
    [InlineData(ProbeMethod.Dns, "udp6")]
    public async Task Ipv6_probes_leave_by_their_link_only(ProbeMethod method, string protocol)
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var target = lab.Target6(method);

        foreach (var (link, other) in new[] { (1, 2), (2, 1) })
        {
            if (link == 1)
            {
                await lab.MainDefaultOnlyViaAsync(2);
            }

            var (before, otherBefore) = (await lab.CountAsync(link, protocol), await lab.CountAsync(other, protocol));
            for (var i = 0; i < 3; i++)
            {
                var outcome = await probes.ProbeAsync(target, lab.Binding6(link), Timeout, CancellationToken.None);
                Assert.True(outcome.Status == ProbeStatus.Ok, $"{method} via wan{link}: {outcome}");
                Assert.InRange(outcome.Rtt, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(500));
            }

            Assert.True(await lab.CountAsync(link, protocol) - before >= 3, $"{method} probes counted on ISP {link}");
            Assert.Equal(otherBefore, await lab.CountAsync(other, protocol));
            Assert.Equal(0, await lab.Lab.Counters.ForeignDroppedAsync(link));
        }

        var seen = method switch
        {
            ProbeMethod.Tcp => lab.Lab.Tcp!.Connections,
            ProbeMethod.Http => lab.Lab.Http!.Requests,
            ProbeMethod.Dns => lab.Dns.Queries,
            _ => null,
        };
        if (seen is not null)
        {
            // No IPv6 NAT: the responders saw each link's own WAN address.
            Assert.Equal(3, seen[lab.Lab.Isp(1).RouterAddress6]);
            Assert.Equal(3, seen[lab.Lab.Isp(2).RouterAddress6]);
        }

        Assert.Equal(0, await lab.CountAsync(1, protocol[..^1]) + await lab.CountAsync(2, protocol[..^1]));
    }

    [NamespaceTheory]
    [InlineData(ProbeMethod.Icmp)]
    [InlineData(ProbeMethod.Tcp)]
    [InlineData(ProbeMethod.Dns)]
    public async Task Ipv6_upstream_dead_times_out_ipv6_only_and_ipv4_probes_still_answer(ProbeMethod method)
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv6);
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var timeout = TimeSpan.FromMilliseconds(300);

        var started = TimeProvider.System.GetTimestamp();
        var outcome = await probes.ProbeAsync(lab.Target6(method), lab.Binding6(1), timeout, CancellationToken.None);
        var elapsed = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(ProbeStatus.Timeout, outcome.Status);
        Assert.InRange(elapsed, timeout - TimeSpan.FromMilliseconds(5), timeout + TimeSpan.FromSeconds(2));
        Assert.Equal(ProbeStatus.Ok, (await probes.ProbeAsync(lab.Target(method), lab.Binding(1), timeout, CancellationToken.None)).Status);
        Assert.Equal(ProbeStatus.Ok, (await probes.ProbeAsync(lab.Target6(method), lab.Binding6(2), timeout, CancellationToken.None)).Status);
    }

    [NamespaceFact]
    public async Task Tcp_refused_over_ipv6_counts_as_alive()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var outcome = await probes.ProbeAsync(lab.Target6(ProbeMethod.Tcp) with { Port = 9 }, lab.Binding6(2), Timeout, CancellationToken.None);

        Assert.Equal(ProbeStatus.Refused, outcome.Status);
        Assert.True(await lab.CountAsync(2, "tcp6") > 0);
        Assert.Equal(0, await lab.CountAsync(1, "tcp6"));
    }

    [NamespaceFact]
    public async Task The_link_local_gateway_answers_neighbour_discovery_on_its_link_only_and_even_with_a_dead_upstream()
    {
        await using var lab = await ProbeLab.CreateAsync();
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var gateway = new ProbeTarget { Address = lab.Lab.Isp(1).LinkLocalGateway, Method = ProbeMethod.Arp };
        var timeout = TimeSpan.FromMilliseconds(300);

        var ok = await probes.ProbeAsync(gateway, lab.Binding6(1), timeout, CancellationToken.None);
        Assert.True(ok.Status == ProbeStatus.Ok, ok.ToString());
        Assert.InRange(ok.Rtt, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(200));

        // ISP 1's global address answers on wan1, and not on wan2 (ISP 2 has its own fe80::1, so the link-local would).
        Assert.Equal(ProbeStatus.Ok, (await probes.ProbeAsync(gateway with { Address = lab.Lab.Isp(1).Gateway6 }, lab.Binding6(1), timeout, CancellationToken.None)).Status);
        Assert.Equal(ProbeStatus.Timeout, (await probes.ProbeAsync(gateway with { Address = lab.Lab.Isp(1).Gateway6 }, lab.Binding6(2), timeout, CancellationToken.None)).Status);

        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        Assert.Equal(ProbeStatus.Ok, (await probes.ProbeAsync(gateway, lab.Binding6(1), timeout, CancellationToken.None)).Status);

        await lab.Lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
        Assert.Equal(ProbeStatus.Timeout, (await probes.ProbeAsync(gateway, lab.Binding6(1), timeout, CancellationToken.None)).Status);
    }

    [NamespaceFact]
    public async Task With_a_dead_ipv6_upstream_the_ipv6_set_goes_offline_and_the_reason_says_the_next_hop_answers()
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv6);
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var health = new HealthConfig { InitialState = InitialState.Online };
        ProbeTarget[] targets = [lab.Target6(ProbeMethod.Icmp), new() { Address = lab.Lab.Isp(1).LinkLocalGateway, Method = ProbeMethod.Arp }];
        var prober = new LinkProber("wan1", lab.Binding6(1), targets, probes, health, TimeProvider.System);
        var tracker = new LinkTracker("wan1", [.. targets.Select(t => t.Name)], health, TimeProvider.System);

        LinkTransition? last = null;
        for (var i = 0; i < health.DownAfter; i++)
        {
            last = tracker.OnRound(await prober.ProbeRoundAsync(CancellationToken.None)) ?? last;
        }

        Assert.Equal(LinkState.Offline, tracker.State);
        Assert.Contains("the next hop answers", last!.Reason, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task A_name_resolves_to_its_aaaa_record_through_the_links_ipv6()
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.MainDefaultOnlyViaAsync(2);
        var resolver = new HostResolver(lab.Sockets, TimeProvider.System);
        var server = new IPEndPoint(lab.Lab.Targets6[0], LabTopology.DnsPort);

        var resolution = await resolver.ResolveAsync("probe.test", server, lab.Binding6(1), Timeout, CancellationToken.None);

        Assert.True(resolution.Resolved, resolution.Error);
        Assert.Equal([lab.Dns.Answer6!], resolution.Addresses);
        Assert.Equal(1, lab.Dns.Queries[lab.Lab.Isp(1).RouterAddress6]);
        Assert.Equal(0, lab.Dns.Queries[lab.Lab.Isp(2).RouterAddress6]);

        // And the resolving probe sends the IPv6 set's probe to that address, over the same link.
        using var probes = new ProbeSet(lab.Sockets, TimeProvider.System);
        var resolving = new ResolvingProbe(probes, resolver, null, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, server6: server);
        var named = new ProbeTarget { Address = IPAddress.Any, HostName = "probe.test", Method = ProbeMethod.Tcp, Port = LabTopology.TcpPort };
        Assert.Equal(ProbeStatus.Ok, (await resolving.ProbeAsync(named, lab.Binding6(1), Timeout, CancellationToken.None)).Status);
        Assert.Equal(1, lab.Lab.Tcp!.Connections[lab.Lab.Isp(1).RouterAddress6]);
    }

    [Fact]
    public async Task A_target_of_the_other_family_than_the_bindings_source_is_an_error_not_a_probe()
    {
        using var probes = new ProbeSet(new RefusingSockets(), TimeProvider.System);
        var binding = new LinkBinding("wan1", 0x100, IPAddress.Parse("2001:db8:1::2"));

        var outcome = await probes.ProbeAsync(new ProbeTarget { Address = IPAddress.Parse("192.0.2.1") }, binding, Timeout, CancellationToken.None);

        Assert.Equal(ProbeStatus.Error, outcome.Status);
        Assert.Equal("target 192.0.2.1 is IPv4 but the link's source 2001:db8:1::2 is IPv6", outcome.Message);
        Assert.Equal(global::System.Net.Sockets.AddressFamily.InterNetworkV6, binding.Family);
        Assert.Equal(global::System.Net.Sockets.AddressFamily.InterNetworkV6, (new LinkBinding("wan1", 0, null) { Family = global::System.Net.Sockets.AddressFamily.InterNetworkV6 }).Family);
    }

    /// <summary>No socket may be opened: the family check must answer first.</summary>
    private sealed class RefusingSockets : ISocketFactory
    {
        public global::System.Net.Sockets.Socket Create(global::System.Net.Sockets.AddressFamily family, global::System.Net.Sockets.SocketType type, global::System.Net.Sockets.ProtocolType protocol) =>
            throw new InvalidOperationException("a socket was opened");
    }
}
