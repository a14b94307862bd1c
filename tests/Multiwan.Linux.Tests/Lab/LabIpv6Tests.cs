using System.Net;
using System.Text.Json;

namespace Multiwan.Lab;

/// <summary>
/// The lab's IPv6 half on the real kernel: each ISP carries its own prefixes (no NAT), drops every other source
/// (BCP38) and counts ULA sources; the router's link-local next hops work; faults act on one family or both.
/// </summary>
public sealed class LabIpv6Tests
{
    [NamespaceFact]
    public async Task Each_isp_carries_the_router_and_its_own_lan_prefix_and_the_responders_see_the_real_source()
    {
        await using var lab = await LabTopology.CreateAsync();
        await SourceRoutesAsync(lab);

        foreach (var isp in lab.Isps)
        {
            Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], isp.RouterAddress6), $"router via wan{isp.Index}");
            Assert.True(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets6[1], isp.LanClientAddress6), $"LAN in ISP {isp.Index}'s prefix");
            Assert.Equal(1, lab.Tcp!.Connections[isp.RouterAddress6]);
            Assert.Equal(1, lab.Tcp.Connections[isp.LanClientAddress6]);
            Assert.Same(isp, lab.IspBySource(isp.LanClientAddress6));
            Assert.Equal(0, await lab.Counters.ForeignDroppedAsync(isp.Index));
        }

        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, lab.Targets6[2]), "ICMPv6 echo to a target");
    }

    [NamespaceFact]
    public async Task A_ula_or_another_isps_prefix_never_passes_an_isp_and_the_ula_watch_counts_it()
    {
        await using var lab = await LabTopology.CreateAsync();

        // The router forwards untranslated: the LAN's ULA leaves by wan1 (lowest metric) and ISP 1 drops and counts it.
        Assert.False(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets6[0], lab.LanClientAddress6, timeoutMs: 1000));
        var ula = await lab.Counters.UlaFromRouterAsync(1);
        Assert.True(ula >= 1, $"ULA packets seen by ISP 1: {ula}");
        Assert.True(await lab.Counters.ForeignDroppedAsync(1) >= ula);
        Assert.Equal(ula, await lab.Counters.UlaLeftAnyWanAsync());

        // ISP 2's prefix by way of ISP 1: dropped as foreign, not counted as ULA.
        var foreign = await lab.Counters.ForeignDroppedAsync(1);
        Assert.False(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets6[0], lab.Isp(2).LanClientAddress6, timeoutMs: 1000));
        Assert.True(await lab.Counters.ForeignDroppedAsync(1) > foreign);
        Assert.Equal(ula, await lab.Counters.UlaLeftAnyWanAsync());
        Assert.Equal(0, lab.Tcp!.Connections.Total);
    }

    [NamespaceFact]
    public async Task The_routers_ipv6_defaults_go_via_link_local_next_hops_that_answer()
    {
        await using var lab = await LabTopology.CreateAsync();

        Assert.Equal(["wan1 via fe80::1 proto ra metric 101", "wan2 via fe80::1 proto ra metric 102"], await Defaults6Async(lab));
        foreach (var isp in lab.Isps)
        {
            Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, IPAddress.Parse($"fe80::1%{isp.RouterDevice}")), $"fe80::1 on wan{isp.Index}");
        }

        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0]), "the main default carries the router's own IPv6");
        Assert.Equal(1, lab.Tcp!.Connections[lab.Isp(1).RouterAddress6]);
    }

    [NamespaceFact]
    public async Task Upstream_dead_for_one_family_leaves_the_other_working_and_the_modem_answers_both()
    {
        await using var lab = await LabTopology.CreateAsync();
        await RouteTargetViaAsync(lab, 1);

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv6);
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], timeoutMs: 1000), "IPv6 dead");
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0]), "IPv4 still works");
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, lab.Isp(1).Gateway6), "the modem answers IPv6");
        Assert.False(lab.Isp(1).UpstreamDead);

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv4);
        Assert.True(lab.Isp(1).UpstreamDead);
        await lab.Faults.SetUpstreamDeadAsync(1, dead: false, LabFamilies.Ipv6);
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0]), "IPv6 back");
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0], timeoutMs: 1000), "IPv4 dead");
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, lab.Isp(1).Gateway), "the modem answers IPv4");

        await lab.Faults.SetUpstreamDeadAsync(1, dead: false);
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0]));
        Assert.Equal(LabFamilies.None, lab.Isp(1).DeadFamilies);
    }

    [NamespaceFact]
    public async Task Upstream_dead_and_loss_act_on_both_families()
    {
        await using var lab = await LabTopology.CreateAsync();
        await RouteTargetViaAsync(lab, 1);

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], timeoutMs: 1000));
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0], timeoutMs: 1000));
        await lab.Faults.SetUpstreamDeadAsync(1, dead: false);

        await lab.Faults.SetLossAsync(1, 100);
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], timeoutMs: 1000));
        await lab.Faults.SetLossAsync(1, 0);
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0]));
    }

    [NamespaceFact]
    public async Task Router_side_carrier_up_restores_the_ipv6_address_and_default()
    {
        await using var lab = await LabTopology.CreateAsync();

        await lab.Faults.SetCarrierAsync(2, up: false, LabSide.Router);
        Assert.DoesNotContain(await Defaults6Async(lab), r => r.StartsWith("wan2", StringComparison.Ordinal));
        await lab.Faults.SetCarrierAsync(2, up: true, LabSide.Router);
        Assert.Contains("wan2 via fe80::1 proto ra metric 102", await Defaults6Async(lab));
        await SourceRoutesAsync(lab);
        Assert.True(await LabProbe.EventuallyAsync(() => LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], lab.Isp(2).RouterAddress6)));
    }

    [NamespaceFact]
    public async Task Isp_side_carrier_up_restores_that_isps_ipv6_for_the_router_and_the_lan()
    {
        await using var lab = await LabTopology.CreateAsync();
        await SourceRoutesAsync(lab);

        await lab.Faults.SetCarrierAsync(2, up: false);
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], lab.Isp(2).RouterAddress6, timeoutMs: 1000), "carrier down");
        await lab.Faults.SetCarrierAsync(2, up: true);

        // The ISP's own addresses, its fe80::1 and its route to the delegated prefix come back with the carrier.
        Assert.True(await LabProbe.EventuallyAsync(() => LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets6[0], lab.Isp(2).RouterAddress6)), "router via wan2");
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, IPAddress.Parse($"fe80::1%{lab.Isp(2).RouterDevice}")), "fe80::1 on wan2");
        Assert.True(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets6[1], lab.Isp(2).LanClientAddress6), "LAN in ISP 2's prefix");
    }

    [NamespaceFact]
    public async Task A_new_delegated_prefix_moves_the_lan_addresses_and_the_isp_route()
    {
        await using var lab = await LabTopology.CreateAsync();
        var old = lab.Isp(2).LanClientAddress6;
        var isp = await lab.Faults.RenumberPrefixAsync(2);
        await SourceRoutesAsync(lab);

        Assert.Equal("2001:db8:2:200::/56", isp.DelegatedPrefix);
        Assert.Equal(IPAddress.Parse("2001:db8:2:200::2"), isp.LanClientAddress6);
        var client = (await LabProbe.MustAsync("ip", "-6", "-n", lab.LanNamespace, "-o", "addr", "show", "dev", lab.ClientDevice)).Stdout;
        Assert.DoesNotContain($" {old}/64 ", client, StringComparison.Ordinal);
        Assert.Contains($" {isp.LanClientAddress6}/64 ", client, StringComparison.Ordinal);
        Assert.True(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets6[0], isp.LanClientAddress6));
        Assert.Equal(1, lab.Tcp!.Connections[isp.LanClientAddress6]);
    }

    [NamespaceFact]
    public async Task Lan_traffic_over_ipv6_leaves_from_the_clients_global_addresses_and_never_from_the_ula()
    {
        await using var lab = await LabTopology.CreateAsync();
        await SourceRoutesAsync(lab);

        await using (var traffic = new LabTraffic(lab, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100), family: global::System.Net.Sockets.AddressFamily.InterNetworkV6))
        {
            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(lab.Udp!.Datagrams.Total >= 20 && lab.Tcp!.Connections.Total >= 3)));
            Assert.Equal(0, traffic.TcpFailed);
        }

        var sources = lab.Udp!.Datagrams.Snapshot().Keys.Concat(lab.Tcp!.Connections.Snapshot().Keys).Distinct().ToList();
        Assert.All(sources, s => Assert.Contains(s, lab.Isps.Select(i => i.LanClientAddress6)));
        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }

    /// <summary>Source routing on the router, as the prefix-per-WAN LAN mode would install it: each ISP's prefixes out of its WAN.</summary>
    private static async Task SourceRoutesAsync(LabTopology lab)
    {
        foreach (var isp in lab.Isps)
        {
            await LabProbe.MustAsync("ip", "-6", "-n", lab.RouterNamespace, "route", "replace", "default", "via", "fe80::1", "dev", isp.RouterDevice, "table", $"{200 + isp.Index}");
            await LabProbe.MustAsync("ip", "-6", "-n", lab.RouterNamespace, "rule", "add", "from", isp.OwnPrefix, "lookup", $"{200 + isp.Index}", "pref", $"{2000 + isp.Index}");
        }
    }

    /// <summary>Both targets' families via ISP <paramref name="isp"/> only (the main tables prefer wan1 already; this pins it).</summary>
    private static async Task RouteTargetViaAsync(LabTopology lab, int isp)
    {
        await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "route", "replace", $"{lab.Targets[0]}/32", "via", lab.Isp(isp).Gateway.ToString());
        await LabProbe.MustAsync("ip", "-6", "-n", lab.RouterNamespace, "route", "replace", $"{lab.Targets6[0]}/128", "via", "fe80::1", "dev", lab.Isp(isp).RouterDevice);
    }

    private static async Task<List<string>> Defaults6Async(LabTopology lab)
    {
        var json = (await LabProbe.MustAsync("ip", "-6", "-n", lab.RouterNamespace, "-j", "route", "show", "default")).Stdout;
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(r => $"{r.GetProperty("dev").GetString()} via {r.GetProperty("gateway").GetString()} proto {r.GetProperty("protocol").GetString()} metric {r.GetProperty("metric").GetInt32()}")
            .Order(StringComparer.Ordinal)];
    }
}
