using System.Net;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// The real daemon (<c>ip netns exec ROUTER multiwan run</c>) on a YAML config whose link probes a host name, with the
/// router's resolv.conf naming a lab target (<see cref="LabOptions.RouterNameservers"/>): the name resolves through
/// that link (the DNS responder sees the query from that ISP only), the link comes online, goes offline when its ISP's
/// upstream dies, the answer is served stale when it expires meanwhile, and the link comes back on recovery. The same
/// for an IPv6 host-name target (AAAA through the link's IPv6), and its one-line reason when there is no IPv6 nameserver.
/// </summary>
public sealed class HostNameTargetTests
{
    private static readonly IPAddress Nameserver = IPAddress.Parse("100.64.250.2");
    private static readonly IPAddress Nameserver6 = IPAddress.Parse("2001:db8:fa::2");

    [NamespaceFact]
    public async Task A_host_name_target_resolves_through_its_link_goes_offline_with_its_isp_and_comes_back_on_its_stale_answer()
    {
        // TTL 1 s: the daemon keeps it its floor of 30 s, so the answer expires during the outage below.
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3, RouterNameservers = [Nameserver], DnsTtlSeconds = 1 });
        await using var daemon = await StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], HostNameIsps = [2] });
        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: false, LinkState.Online) is not null, daemon.Tail());

        var wan2 = (await daemon.StatusAsync(CancellationToken.None))!.Links.Single(l => l.Name == "wan2");
        Assert.Equal([(LabDaemonSettings.HostName, true)], wan2.Targets.Select(t => (t.Target, t.Up)));
        Assert.True(lab.Dns!.Queries[lab.Isp(2).InternetAddress] > 0, daemon.Tail());
        Assert.Equal(0, lab.Dns.Queries[lab.Isp(1).InternetAddress]);

        await lab.Faults.SetUpstreamDeadAsync(2, dead: true);
        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: false, LinkState.Offline) is not null, daemon.Tail());
        Assert.True(
            await LabProbe.EventuallyAsync(() => Task.FromResult(File.ReadAllText(daemon.LogPath).Contains($"target {LabDaemonSettings.HostName} does not resolve again", StringComparison.Ordinal)), 60000),
            daemon.Tail());

        await lab.Faults.SetUpstreamDeadAsync(2, dead: false);
        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: false, LinkState.Online) is not null, daemon.Tail());
        Assert.Equal(LinkState.Online, await daemon.StateAsync("wan1", CancellationToken.None));
    }

    [NamespaceFact]
    public async Task An_ipv6_host_name_target_resolves_its_aaaa_through_the_links_ipv6_and_the_ipv6_side_comes_online()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3, RouterNameservers = [Nameserver, Nameserver6] });
        await using var daemon = await StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "masquerade", HostNameIsps = [1] });

        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online) is not null, daemon.Tail());
        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: false, LinkState.Online) is not null, daemon.Tail());
        // The AAAA query left by wan1's IPv6 (no NAT: its source is the router's address on ISP 1), the A query by ISP 1's NAT.
        Assert.True(lab.Dns!.Queries[lab.Isp(1).RouterAddress6] > 0, daemon.Tail());
        Assert.True(lab.Dns.Queries[lab.Isp(1).InternetAddress] > 0, daemon.Tail());
        Assert.Equal(0, lab.Dns.Queries[lab.Isp(2).RouterAddress6] + lab.Dns.Queries[lab.Isp(2).InternetAddress]);
    }

    [NamespaceFact]
    public async Task Without_an_ipv6_nameserver_an_ipv6_host_name_target_fails_with_its_reason_and_ipv4_is_unaffected()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3, RouterNameservers = [Nameserver] });
        await using var daemon = await StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "masquerade", HostNameIsps = [1] });

        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: false, LinkState.Online) is not null, daemon.Tail());
        Assert.True(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: true, LinkState.Offline) is not null, daemon.Tail());
        Assert.Contains(
            $"wan1: target {LabDaemonSettings.HostName} does not resolve: {LabDaemonSettings.HostName}: no IPv6 nameserver (set one in /etc/resolv.conf); it counts as failing",
            await File.ReadAllTextAsync(daemon.LogPath), StringComparison.Ordinal);
        Assert.Equal(0, lab.Dns!.Queries[lab.Isp(1).RouterAddress6]);
    }

    private static Task<LabDaemon> StartAsync(LabTopology lab, LabDaemonSettings settings) =>
        LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
}
