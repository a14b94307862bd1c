using System.Net;
using System.Net.Sockets;
using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// The real daemon on the dual-stack lab, in each LAN mode (NPTv6, NAT66, a prefix per WAN): IPv6 dead upstream of ISP1 while its IPv4 works takes wan1 offline
/// for IPv6 only; new IPv6 connections move to ISP2, IPv4 stays balanced over both, wan1's IPv6 conntrack entries go
/// and its IPv4 ones stay; recovery; carrier loss takes both families. No ULA source leaves a WAN meanwhile.
/// </summary>
public sealed class Ipv6FaultTests
{
    [NamespaceTheory]
    [InlineData("npt")]
    [InlineData("masquerade")]
    public async Task Ipv6_dead_on_wan1_moves_only_ipv6_flushes_only_its_ipv6_entries_and_recovers(string mode)
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        await using var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = mode }, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.NotNull(await WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        var (v6isp1, v6isp2) = await ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140 && v6isp1 + v6isp2 == 200, $"IPv6 1:1 before the fault: {v6isp1} via ISP1, {v6isp2} via ISP2");

        // An established IPv6 and IPv4 flow through wan1 (mark 0x100), kept open across the fault.
        using var held6 = await HoldViaAsync(lab, lab.Targets6[1], lab.LanClientAddress6, 1);
        using var held4 = await HoldViaAsync(lab, lab.Targets[1], lab.LanClientAddress, 1);

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv6);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Offline));
        var status = (await daemon.StatusAsync(CancellationToken.None))!.Links.Single(l => l.Name == "wan1");
        Assert.Equal((LinkState.Online, true, false), (status.State, status.Carrying, status.Ipv6!.Carrying));

        Assert.Equal((0, 100), await ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 100));
        var (v4isp1, v4isp2) = await ConnectAsync(lab, lab.Targets[0], lab.LanClientAddress, 200);
        Assert.True(v4isp1 is >= 60 and <= 140, $"IPv4 still 1:1: {v4isp1} via ISP1, {v4isp2} via ISP2");
        Assert.True(await LabProbe.EventuallyAsync(async () => await MarkedAsync(lab, "ipv6") == 0), "wan1's IPv6 entries are flushed");
        Assert.True(await MarkedAsync(lab, "ipv4") > 0, "wan1's IPv4 entries stay");

        await lab.Faults.SetUpstreamDeadAsync(1, dead: false, LabFamilies.Ipv6);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        (v6isp1, v6isp2) = await ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140, $"IPv6 1:1 after recovery: {v6isp1} via ISP1, {v6isp2} via ISP2");

        await lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Offline));
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: false, LinkState.Offline));
        Assert.Equal((0, 50), await ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 50));
        await lab.Faults.SetCarrierAsync(1, up: true, LabSide.Isp);

        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }

    [NamespaceFact]
    public async Task Route_mode_keeps_each_prefix_on_its_wan_and_refuses_a_dead_wans_prefix_at_once_until_it_recovers()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        await using var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "route" }, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.NotNull(await WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        Assert.Equal((20, 0), await ConnectAsync(lab, lab.Targets6[0], lab.Isp(1).LanClientAddress6, 20));
        Assert.Equal((0, 20), await ConnectAsync(lab, lab.Targets6[0], lab.Isp(2).LanClientAddress6, 20));

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv6);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Offline));
        // The state changes before the apply that follows it: wait until the applied plan no longer carries wan1's IPv6.
        Assert.True(await LabProbe.EventuallyAsync(async () => (await daemon.StatusAsync(CancellationToken.None))!.Links[0].Ipv6!.Carrying == false));
        // Refused, not left to time out: the connecting socket gets the reject route's error by its first SYN retransmission
        // (measured 1.03 s: this kernel reports an ICMP error to a socket in SYN_SENT at its retransmission timer). Told by
        // that error, not by the time it took: the connection may wait 20 s, so a slow scheduler cannot fail it, while a
        // prefix left to a dead or foreign path gets no error at all and ends as TimedOut.
        Assert.Equal(Ipv6KernelLab.Refused, await LabProbe.TcpConnectAsync(lab.LanNamespace, lab.Targets6[0], lab.Isp(1).LanClientAddress6, Ipv6KernelLab.RefusalPatience));
        Assert.Equal((0, 20), await ConnectAsync(lab, lab.Targets6[0], lab.Isp(2).LanClientAddress6, 20));
        Assert.Equal(0, await lab.Counters.ForeignDroppedAsync(2)); // ISP1's prefix never went out of wan2

        await lab.Faults.SetUpstreamDeadAsync(1, dead: false, LabFamilies.Ipv6);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.Equal((20, 0), await ConnectAsync(lab, lab.Targets6[0], lab.Isp(1).LanClientAddress6, 20));
        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }

    [NamespaceFact]
    public async Task Ipv4_dead_on_wan1_moves_only_ipv4_and_ipv6_stays_balanced_over_both()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        await using var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "npt" }, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.NotNull(await WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: false, LinkState.Online));
        using var held4 = await HoldViaAsync(lab, lab.Targets[1], lab.LanClientAddress, 1);
        using var held6 = await HoldViaAsync(lab, lab.Targets6[1], lab.LanClientAddress6, 1);

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true, LabFamilies.Ipv4);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: false, LinkState.Offline));
        Assert.True(await LabProbe.EventuallyAsync(async () => (await daemon.StatusAsync(CancellationToken.None))!.Links[0].Carrying == false));
        var status = (await daemon.StatusAsync(CancellationToken.None))!.Links.Single(l => l.Name == "wan1");
        Assert.Equal((LinkState.Online, true), (status.Ipv6!.State, status.Ipv6.Carrying));

        Assert.Equal((0, 100), await ConnectAsync(lab, lab.Targets[0], lab.LanClientAddress, 100));
        var (v6isp1, v6isp2) = await ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140, $"IPv6 still 1:1: {v6isp1} via ISP1, {v6isp2} via ISP2");
        Assert.True(await LabProbe.EventuallyAsync(async () => await MarkedAsync(lab, "ipv4") == 0), "wan1's IPv4 entries are flushed");
        Assert.True(await MarkedAsync(lab, "ipv6") > 0, "wan1's IPv6 entries stay");

        await lab.Faults.SetUpstreamDeadAsync(1, dead: false, LabFamilies.Ipv4);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: false, LinkState.Online));
        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }

    [NamespaceFact]
    public async Task Npt_follows_a_renumbered_wan_prefix_through_a_reload_and_the_other_wans_flow_survives()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        var settings = new LabDaemonSettings { Weights = [1, 1], Ipv6LanMode = "npt" };
        await using var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        Assert.NotNull(await WaitAsync(daemon, "wan1", ipv6: true, LinkState.Online));
        Assert.NotNull(await WaitAsync(daemon, "wan2", ipv6: true, LinkState.Online));
        using var held = await HoldViaAsync(lab, lab.Targets6[1], lab.LanClientAddress6, 2);

        var isp1 = await lab.Faults.RenumberPrefixAsync(1); // ISP 1 now routes a new /56 and drops the old one as foreign.
        await File.WriteAllTextAsync(daemon.ConfigPath, LabDaemonConfig.Render(lab, settings, daemon.Directory));
        var reload = daemon.Client.Request(new Control.ControlRequest { Command = "reload" }, TimeSpan.FromSeconds(10));
        Assert.True(reload.Ok, reload.Error);

        var (v6isp1, v6isp2) = await ConnectAsync(lab, lab.Targets6[0], lab.LanClientAddress6, 200);
        Assert.True(v6isp1 is >= 60 and <= 140, $"IPv6 1:1 after the renumbering: {v6isp1} via ISP1, {v6isp2} via ISP2");
        Assert.Equal(0, await lab.Counters.ForeignDroppedAsync(1)); // Nothing left in the old prefix once the reload applied.
        // ISP 1 drops every source outside its new prefix (BCP38): what reached the responder through it was translated to the new one.
        Assert.All(lab.Tcp!.Connections.Snapshot().Keys.Where(k => lab.IspBySource(k)?.Index == 1), k => Assert.True(isp1.Owns(k), $"{k} is not in {isp1.DelegatedPrefix}"));

        var echo = new byte[] { 1, 2, 3 };
        await held.SendAsync(echo);
        var back = new byte[3];
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await held.ReceiveAsync(back, patience.Token));
        Assert.Equal(echo, back);
        Assert.Equal(0, await lab.Counters.UlaLeftAnyWanAsync());
    }

    internal static async Task<TimeSpan?> WaitAsync(LabDaemon daemon, string link, bool ipv6, LinkState state)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            var status = (await daemon.StatusAsync(CancellationToken.None))?.Links.FirstOrDefault(l => l.Name == link);
            if ((ipv6 ? status?.Ipv6?.State : status?.State) == state)
            {
                return TimeProvider.System.GetElapsedTime(started);
            }

            await Task.Delay(50);
        }

        return null;
    }

    /// <summary>Conntrack entries of wan1's mark in the router, of one family.</summary>
    private static async Task<int> MarkedAsync(LabTopology lab, string family)
    {
        var result = await LabProbe.RunInAsync(lab.RouterNamespace, "conntrack", "-L", "-f", family, "--mark", "0x100/0xff00");
        return result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
    }

    /// <summary>New TCP connections from the LAN client bound to <paramref name="source"/>, counted per ISP at the responder.</summary>
    internal static async Task<(int Isp1, int Isp2)> ConnectAsync(LabTopology lab, IPAddress target, IPAddress source, int count)
    {
        lab.Tcp!.Connections.Reset();
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            failures += await LabProbe.TcpEchoAsync(lab.LanNamespace, target, source) ? 0 : 1;
        }

        Assert.Equal(0, failures);
        var counts = lab.Tcp.Connections.Snapshot();
        return (counts.Where(c => lab.IspBySource(c.Key)?.Index == 1 || c.Key.Equals(lab.Isp(1).InternetAddress)).Sum(c => c.Value),
            counts.Where(c => lab.IspBySource(c.Key)?.Index == 2 || c.Key.Equals(lab.Isp(2).InternetAddress)).Sum(c => c.Value));
    }

    /// <summary>Opens connections until one leaves via ISP <paramref name="isp"/> and keeps it open.</summary>
    private static async Task<Socket> HoldViaAsync(LabTopology lab, IPAddress target, IPAddress source, int isp)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            lab.Tcp!.Connections.Reset();
            var socket = Netns.Run(lab.LanNamespace, () =>
            {
                var s = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                s.Bind(new IPEndPoint(source, 0));
                return s;
            });
            await socket.ConnectAsync(new IPEndPoint(target, LabTopology.TcpPort));
            await LabProbe.EventuallyAsync(() => Task.FromResult(lab.Tcp.Connections.Total > 0), 2000);
            var seen = lab.Tcp.Connections.Snapshot().Keys.Single();
            if (lab.IspBySource(seen)?.Index == isp || seen.Equals(lab.Isp(isp).InternetAddress))
            {
                return socket;
            }

            socket.Dispose();
        }

        throw new InvalidOperationException($"no connection left via ISP {isp} in 50 tries");
    }
}
