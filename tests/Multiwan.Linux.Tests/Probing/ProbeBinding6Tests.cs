using System.Net;
using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// IPv6 probes on the dual-stack lab, bound as the daemon binds a link's IPv6 probe set (mark, device, IPv6 source;
/// that each method leaves by its own link only is <see cref="ProbeBindingTests"/>, for both families): an IPv6-only
/// fault, refused, neighbour discovery as the IPv6 next-hop signal, AAAA resolution, a family mismatch.
/// </summary>
[Collection(Support.MeasuringCollection.Name)]
public sealed class ProbeBinding6Tests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

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

    [Theory]
    [InlineData(ProbeMethod.Icmp, 0, "2001:db8:fa::1")]
    [InlineData(ProbeMethod.Tcp, 443, "tcp://[2001:db8:fa::1]:443")]
    [InlineData(ProbeMethod.Http, 80, "http://[2001:db8:fa::1]:80/")]
    [InlineData(ProbeMethod.Dns, 53, "dns://[2001:db8:fa::1]:53/example.com")]
    [InlineData(ProbeMethod.Arp, 0, "arp://2001:db8:fa::1")]
    public void An_ipv6_target_is_named_with_brackets_before_a_port(ProbeMethod method, int port, string name) =>
        Assert.Equal(name, new ProbeTarget { Address = IPAddress.Parse("2001:db8:fa::1"), Method = method, Port = port }.Name);

    /// <summary>No socket may be opened: the family check must answer first.</summary>
    private sealed class RefusingSockets : ISocketFactory
    {
        public global::System.Net.Sockets.Socket Create(global::System.Net.Sockets.AddressFamily family, global::System.Net.Sockets.SocketType type, global::System.Net.Sockets.ProtocolType protocol) =>
            throw new InvalidOperationException("a socket was opened");
    }
}
