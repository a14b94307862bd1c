using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// The real daemon on the dual-stack lab with wan1 dual-stack and wan2 IPv6 only (<c>ipv4: false</c>, and no IPv4
/// address on its device at all): IPv6 is balanced over both, IPv4 leaves by wan1 only; IPv6 dead upstream of ISP2
/// moves wan2's new IPv6 connections to wan1; recovery rebalances. And a router whose every link is IPv6 only.
/// No ULA source leaves a WAN meanwhile.
/// </summary>
public sealed class Ipv6OnlyLinkTests
{
    [NamespaceFact]
    public async Task An_ipv6_only_link_takes_ipv6_only_and_its_ipv6_fails_over_to_the_dual_stack_link()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        // An IPv6-only line: the router has no IPv4 address (so no IPv4 route) on wan2.
        var flushed = await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-4", "addr", "flush", "dev", lab.Isp(2).RouterDevice);
        Assert.True(flushed.ExitCode == 0, flushed.Stderr);
        var settings = new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "masquerade", Ipv6OnlyIsps = [2] };
        await using var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: false, LinkState.Online));
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        var carrying = await LabProbe.EventuallyAsync(async () => (await daemon.StatusAsync(CancellationToken.None))!.Links[1].Ipv6!.Carrying);
        var seen = global::System.Text.Json.JsonSerializer.Serialize(await daemon.StatusAsync(CancellationToken.None));
        Assert.True(carrying, $"wan2 carries IPv6: {seen}");

        var status = (await daemon.StatusAsync(CancellationToken.None))!;
        var wan2 = status.Links.Single(l => l.Name == "wan2");
        Assert.Null(status.ApplyError);
        Assert.Equal((false, LinkState.Online, true), (wan2.Ipv4, wan2.State, wan2.Carrying)); // its row is its IPv6 side
        Assert.Equal(["wan1"], status.Policies[0].Active);
        // No IPv4 rule of wan2 (mark, oif); its IPv6 ones are there.
        var rules4 = (await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-4", "rule", "show")).Stdout;
        var rules6 = (await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-6", "rule", "show")).Stdout;
        Assert.DoesNotContain("oif wan2", rules4, StringComparison.Ordinal);
        Assert.DoesNotContain("fwmark 0x200/0xff00", rules4, StringComparison.Ordinal);
        Assert.Contains("oif wan2", rules6, StringComparison.Ordinal);
        Assert.Contains("fwmark 0x200/0xff00", rules6, StringComparison.Ordinal);

        var (v6isp1, v6isp2) = await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140 && v6isp1 + v6isp2 == 200, $"IPv6 1:1 over both: {v6isp1} via ISP1, {v6isp2} via ISP2");
        Assert.Equal((100, 0), await Ipv6FaultTests.ConnectAsync(lab, lab.Targets[0], lab.LanClientAddress, 100));

        await lab.Faults.SetUpstreamDeadAsync(2, dead: true, LabFamilies.Ipv6);
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: true, LinkState.Offline));
        Assert.True(await LabProbe.EventuallyAsync(async () => !(await daemon.StatusAsync(CancellationToken.None))!.Links[1].Ipv6!.Carrying));
        Assert.Equal((100, 0), await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 100));
        Assert.Equal((50, 0), await Ipv6FaultTests.ConnectAsync(lab, lab.Targets[0], lab.LanClientAddress, 50));
        Assert.Equal(LinkState.Online, (await daemon.StatusAsync(CancellationToken.None))!.Links[0].Ipv6!.State);

        await lab.Faults.SetUpstreamDeadAsync(2, dead: false, LabFamilies.Ipv6);
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        Assert.True(await LabProbe.EventuallyAsync(async () => (await daemon.StatusAsync(CancellationToken.None))!.Links[1].Ipv6!.Carrying));
        (v6isp1, v6isp2) = await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140, $"IPv6 1:1 after recovery: {v6isp1} via ISP1, {v6isp2} via ISP2");
        Assert.Null((await daemon.StatusAsync(CancellationToken.None))!.ApplyError);
        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }

    [NamespaceFact]
    public async Task A_router_whose_every_link_is_ipv6_only_balances_and_fails_over_ipv6_and_programs_no_ipv4()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        foreach (var isp in new[] { 1, 2 })
        {
            var flushed = await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-4", "addr", "flush", "dev", lab.Isp(isp).RouterDevice);
            Assert.True(flushed.ExitCode == 0, flushed.Stderr);
        }

        var settings = new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "masquerade", Ipv6OnlyIsps = [1, 2] };
        await using var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        Assert.True(await LabProbe.EventuallyAsync(async () => (await daemon.StatusAsync(CancellationToken.None))!.Links.All(l => l.Ipv6!.Carrying), 5000));

        var status = (await daemon.StatusAsync(CancellationToken.None))!;
        Assert.Null(status.ApplyError);
        // No IPv4 policy is decided: the one policy row describes IPv6 (ipv4: false), with both links active.
        var policy = Assert.Single(status.Policies);
        Assert.Equal((false, false), (policy.Ipv4, policy.LastResort));
        Assert.Equal(["wan1", "wan2"], policy.Active.Order());
        var routes4 = (await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-4", "route", "show", "table", "all", "proto", "211")).Stdout;
        var rules4 = (await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-4", "rule", "show")).Stdout;
        var rules6 = (await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "-6", "rule", "show")).Stdout;
        Assert.Equal("", routes4.Trim());
        Assert.DoesNotContain("fwmark 0x", rules4, StringComparison.Ordinal);
        Assert.Contains("fwmark 0x100/0xff00", rules6, StringComparison.Ordinal);
        Assert.Contains("fwmark 0x200/0xff00", rules6, StringComparison.Ordinal);

        var (v6isp1, v6isp2) = await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140 && v6isp1 + v6isp2 == 200, $"IPv6 1:1 over both: {v6isp1} via ISP1, {v6isp2} via ISP2");

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv6);
        Assert.NotNull(await Ipv6FaultTests.WaitAsync(daemon, "wan1", ipv6: true, LinkState.Offline));
        Assert.True(await LabProbe.EventuallyAsync(async () => !(await daemon.StatusAsync(CancellationToken.None))!.Links[0].Ipv6!.Carrying, 5000));
        Assert.Equal((0, 100), await Ipv6FaultTests.ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 100));
        Assert.Null((await daemon.StatusAsync(CancellationToken.None))!.ApplyError);
        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }
}
