using System.Net;
using Multiwan.Kernel;
using Multiwan.Lab;

namespace Multiwan.Firewall;

/// <summary>
/// The firewall table on the real kernel, in the lab: a port forward from each ISP side reaches the LAN server and its
/// reply leaves by the WAN it came in on (in failover mode, where new LAN traffic takes wan1 only); a closed router
/// port is dropped without a reset; the SSH port is accepted; a packet from a WAN with a LAN source is dropped before
/// conntrack sees it; and with the firewall off a foreign filter table works exactly as before.
/// </summary>
public sealed class FirewallLabTests(KernelLab kernel) : IClassFixture<KernelLab>
{
    private LabTopology Lab => kernel.Lab;

    [NamespaceFact]
    public async Task A_forward_from_each_isp_reaches_the_lan_server_and_is_answered_by_the_wan_it_came_in_on()
    {
        await kernel.ResetAsync();
        await kernel.ApplyAsync(FirewallLab.Config(), KernelLab.States());
        using var server = FirewallLab.Listen(Lab.LanNamespace, FirewallLab.ServerPort);
        foreach (var isp in Lab.Isps)
        {
            // The internet reaches the router's WAN address through this ISP only (the ISPs' own routes do not carry it).
            await FirewallLab.MustAsync(Lab.InternetNamespace, "ip", "route", "replace", $"{isp.RouterAddress}/32", "via", isp.InternetAddress.ToString());
            var accepted = server.AcceptAsync();
            var outcome = await FirewallLab.ConnectAsync(Lab.InternetNamespace, new IPEndPoint(isp.RouterAddress, FirewallLab.ForwardPort));

            Assert.Equal(ConnectOutcome.Connected, outcome);
            using var connection = await accepted.WaitAsync(TimeSpan.FromSeconds(3));
            Assert.Equal(isp.UpstreamGateway, ((IPEndPoint)connection.RemoteEndPoint!).Address);

            // The connection carries wanN's mark, so its replies are routed by wanN's table (failover alone would pick wan1;
            // measured: without the inbound pinning, the wan2 connection is marked wan1).
            var mark = (uint)isp.Index << 8;
            var entries = await kernel.Runner.RunAsync(
                ["conntrack", "-L", "-p", "tcp", "-d", isp.RouterAddress.ToString(), "--dport", $"{FirewallLab.ForwardPort}", "--mark", $"0x{mark:x}/0xff00"],
                null,
                CancellationToken.None);
            Assert.True(entries.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length == 1, $"the forwarded connection is not marked 0x{mark:x}: {entries.Stdout}{entries.Stderr}");
        }
    }

    [NamespaceFact]
    public async Task A_closed_router_port_is_dropped_without_a_reset_and_the_ssh_port_is_accepted()
    {
        await kernel.ResetAsync();
        using var ssh = FirewallLab.Listen(Lab.RouterNamespace, FirewallLab.SshPort);
        var isp = Lab.Isp(1);
        var closed = new IPEndPoint(isp.RouterAddress, 9);

        // Control: without the firewall the closed port answers with a reset.
        await kernel.ApplyAsync(FirewallLab.Config(restrictive: false), KernelLab.States());
        Assert.Equal(ConnectOutcome.Refused, await FirewallLab.ConnectAsync(isp.Namespace, closed));

        await kernel.ApplyAsync(FirewallLab.Config(), KernelLab.States());
        Assert.Equal(ConnectOutcome.TimedOut, await FirewallLab.ConnectAsync(isp.Namespace, closed));
        Assert.Equal(ConnectOutcome.Connected, await FirewallLab.ConnectAsync(isp.Namespace, new IPEndPoint(isp.RouterAddress, FirewallLab.SshPort)));
    }

    [NamespaceFact]
    public async Task A_packet_from_a_wan_with_a_lan_source_is_dropped()
    {
        await kernel.ResetAsync();
        using var ssh = FirewallLab.Listen(Lab.RouterNamespace, FirewallLab.SshPort);
        var isp = Lab.Isp(1);
        var spoofed = IPAddress.Parse("192.168.50.77");
        await FirewallLab.MustAsync(isp.Namespace, "ip", "addr", "replace", "192.168.50.77/32", "dev", isp.IspDevice);
        var target = new IPEndPoint(isp.RouterAddress, FirewallLab.SshPort);

        // Control: with the firewall off the forged SYN reaches the router (conntrack records it; the answer goes to the LAN).
        await kernel.ApplyAsync(FirewallLab.Config(restrictive: false), KernelLab.States());
        await FirewallLab.ConnectAsync(isp.Namespace, target, spoofed);
        Assert.True(await FirewallLab.ConntrackFromAsync(kernel, spoofed) >= 1, "the forged packet did not reach the router even without the firewall");

        await kernel.Must("conntrack", "-F");
        await kernel.ApplyAsync(FirewallLab.Config(), KernelLab.States());
        Assert.Equal(ConnectOutcome.TimedOut, await FirewallLab.ConnectAsync(isp.Namespace, target, spoofed));
        Assert.Equal(0, await FirewallLab.ConntrackFromAsync(kernel, spoofed));
        Assert.Equal(ConnectOutcome.Connected, await FirewallLab.ConnectAsync(isp.Namespace, target));
    }

    [NamespaceFact]
    public async Task With_the_firewall_off_a_foreign_filter_table_works_exactly_as_before()
    {
        await kernel.ResetAsync();
        var isp = Lab.Isp(1);
        await kernel.Must("nft", "add", "table", "inet", "userfw");
        await kernel.Must("nft", "add chain inet userfw input { type filter hook input priority filter; policy accept; }");
        await kernel.Must("nft", "add", "rule", "inet", "userfw", "input", "tcp", "dport", "2323", "drop");
        try
        {
            var before = (await kernel.Must("nft", "list", "table", "inet", "userfw")).Stdout;

            await kernel.ApplyAsync(KernelLab.Balanced(), KernelLab.States());
            Assert.Equal(before, (await kernel.Must("nft", "list", "table", "inet", "userfw")).Stdout);
            Assert.Equal(ConnectOutcome.TimedOut, await FirewallLab.ConnectAsync(isp.Namespace, new IPEndPoint(isp.RouterAddress, 2323)));
            Assert.Equal(ConnectOutcome.Refused, await FirewallLab.ConnectAsync(isp.Namespace, new IPEndPoint(isp.RouterAddress, 2424)));
            var tables = (await kernel.Must("nft", "list", "tables")).Stdout;
            Assert.DoesNotContain("multiwan_fw", tables, StringComparison.Ordinal);

            var cleanup = await kernel.Applier(KernelLab.Balanced()).CleanupAsync(CancellationToken.None);
            Assert.True(cleanup.Succeeded, cleanup.Error);
            Assert.Equal(before, (await kernel.Must("nft", "list", "table", "inet", "userfw")).Stdout);
        }
        finally
        {
            await kernel.Runner.RunAsync(["nft", "delete", "table", "inet", "userfw"], null, CancellationToken.None);
        }
    }
}
