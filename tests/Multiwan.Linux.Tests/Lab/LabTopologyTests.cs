using System.Net;
using System.Text.Json;

namespace Multiwan.Lab;

/// <summary>The lab itself, on the real kernel: it builds, each ISP path carries traffic, each fault does what it says, nothing is left behind.</summary>
public sealed class LabTopologyTests
{
    [NamespaceFact]
    public async Task Each_isp_path_carries_lan_and_router_traffic_and_is_seen_by_its_nat_address()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 3 });
        await RouteViaAsync(lab, 1, 2, 3);
        await MasqueradeOnRouterAsync(lab);

        for (var k = 0; k < 3; k++)
        {
            Assert.True(await LabProbe.TcpEchoAsync(lab.LanNamespace, lab.Targets[k]), $"LAN → target {k}");
            Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[k]), $"router → target {k}");
        }

        foreach (var isp in lab.Isps)
        {
            Assert.Equal(2, lab.Tcp!.Connections[isp.InternetAddress]);
            Assert.Same(isp, lab.IspBySource(isp.InternetAddress));
        }

        var routes = await MainDefaultsAsync(lab);
        Assert.Equal(["wan1 via 10.1.0.1 metric 101", "wan2 via 10.2.0.1 metric 102", "wan3 via 10.3.0.1 metric 103"], routes);
    }

    [NamespaceFact]
    public async Task Http_and_dns_responders_answer_through_an_isp()
    {
        await using var lab = await LabTopology.CreateAsync();
        await RouteViaAsync(lab, 1);
        var nat = lab.Isp(1).InternetAddress;

        using var http = await Netns.ConnectTcpAsync(lab.RouterNamespace, new IPEndPoint(lab.Targets[0], LabTopology.HttpPort), CancellationToken.None);
        await http.SendAsync("GET / HTTP/1.0\r\nHost: target\r\n\r\n"u8.ToArray());
        var response = new byte[256];
        var length = 0;
        for (int n; (n = await http.ReceiveAsync(response.AsMemory(length))) > 0;)
        {
            length += n;
        }

        Assert.StartsWith("HTTP/1.1 200 OK", global::System.Text.Encoding.ASCII.GetString(response, 0, length), StringComparison.Ordinal);
        Assert.Equal(1, lab.Http!.Requests[nat]);

        using var dns = Netns.CreateSocket(lab.RouterNamespace, global::System.Net.Sockets.AddressFamily.InterNetwork, global::System.Net.Sockets.SocketType.Dgram, global::System.Net.Sockets.ProtocolType.Udp);
        byte[] query = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7, .. "example"u8, 4, .. "test"u8, 0, 0, 1, 0, 1];
        await dns.SendToAsync(query, new IPEndPoint(lab.Targets[0], LabTopology.DnsPort));
        using var timeout = new CancellationTokenSource(2000);
        var reply = new byte[512];
        var got = await dns.ReceiveAsync(reply, timeout.Token);

        Assert.Equal((byte)0x12, reply[0]);
        Assert.Equal(0x80, reply[2] & 0x80);
        Assert.Equal(1, reply[7]);
        Assert.Equal(lab.Targets[0].GetAddressBytes(), reply.AsSpan(got - 4, 4).ToArray());
        Assert.Equal(1, lab.Dns!.Queries[nat]);
    }

    [NamespaceFact]
    public async Task Upstream_dead_drops_forwarding_while_the_modem_still_answers_and_recovers()
    {
        await using var lab = await LabTopology.CreateAsync();
        await RouteViaAsync(lab, 1, 2);
        var isp1 = lab.Isp(1);

        await lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, isp1.Gateway), "the modem still answers");
        Assert.False(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0], timeoutMs: 1000), "nothing crosses ISP 1");
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[1]), "ISP 2 unaffected");

        await lab.Faults.SetUpstreamDeadAsync(1, dead: false);
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0]));
    }

    [NamespaceFact]
    public async Task Carrier_down_on_either_side_is_seen_by_the_router_and_up_restores_the_default_route()
    {
        await using var lab = await LabTopology.CreateAsync();

        await lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
        Assert.DoesNotContain("LOWER_UP", await FlagsAsync(lab, "wan1"));
        await lab.Faults.SetCarrierAsync(1, up: true, LabSide.Isp);
        Assert.True(await LabProbe.EventuallyAsync(async () => (await FlagsAsync(lab, "wan1")).Contains("LOWER_UP")));

        await lab.Faults.SetCarrierAsync(2, up: false, LabSide.Router);
        Assert.DoesNotContain(await MainDefaultsAsync(lab), r => r.StartsWith("wan2", StringComparison.Ordinal));
        await lab.Faults.SetCarrierAsync(2, up: true, LabSide.Router);
        Assert.Contains("wan2 via 10.2.0.1 metric 102", await MainDefaultsAsync(lab));
        Assert.True(await LabProbe.EventuallyAsync(() => LabProbe.PingAsync(lab.RouterNamespace, lab.Isp(2).Gateway)));
    }

    [NamespaceFact]
    public async Task Random_loss_drops_about_that_share_and_clears()
    {
        await using var lab = await LabTopology.CreateAsync();
        await RouteViaAsync(lab, 1, 2);
        var source = lab.Isp(1).InternetAddress;

        await lab.Faults.SetLossAsync(1, 50);
        await LabProbe.SendUdpAsync(lab.RouterNamespace, lab.Targets[0], 400, TimeSpan.FromMilliseconds(1));
        await Task.Delay(200);
        var lossy = lab.Udp!.Datagrams[source];
        Assert.InRange(lossy, 120, 280); // 50 % of 400 ± 4 standard deviations.

        await lab.Faults.SetLossAsync(1, 0);
        await LabProbe.SendUdpAsync(lab.RouterNamespace, lab.Targets[0], 400, TimeSpan.FromMilliseconds(1));
        Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(lab.Udp.Datagrams[source] == lossy + 400)), $"all 400 arrive once loss is cleared (got {lab.Udp.Datagrams[source] - lossy})");
    }

    [NamespaceFact]
    public async Task One_target_down_while_the_others_answer()
    {
        await using var lab = await LabTopology.CreateAsync();

        await lab.Faults.SetTargetUpAsync(1, up: false);
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, lab.Targets[0]));
        Assert.False(await LabProbe.PingAsync(lab.RouterNamespace, lab.Targets[1]));
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, lab.Targets[2]));

        await lab.Faults.SetTargetUpAsync(1, up: true);
        Assert.True(await LabProbe.PingAsync(lab.RouterNamespace, lab.Targets[1]));
    }

    [NamespaceFact]
    public async Task Renumbering_moves_the_wan_address_gateway_and_default_route()
    {
        await using var lab = await LabTopology.CreateAsync();
        var isp = await lab.Faults.RenumberAsync(1);

        Assert.Equal(IPAddress.Parse("10.1.1.2"), isp.RouterAddress);
        Assert.Equal(IPAddress.Parse("10.1.1.1"), isp.Gateway);
        Assert.Equal(["wan1 via 10.1.1.1 metric 101", "wan2 via 10.2.0.1 metric 102"], await MainDefaultsAsync(lab));
        Assert.True(await LabProbe.TcpEchoAsync(lab.RouterNamespace, lab.Targets[0], isp.RouterAddress));
        Assert.Equal(1, lab.Tcp!.Connections[isp.InternetAddress]);
    }

    [NamespaceFact]
    public async Task Dispose_deletes_every_namespace_and_leftovers_of_dead_runs_are_cleaned()
    {
        var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        var names = lab.Namespaces.ToList();
        Assert.Equal(5, names.Count);
        Assert.All(names, n => Assert.True(File.Exists(Netns.PathOf(n))));

        // A crashed run: a namespace with the lab prefix and a pid file naming a dead process.
        var dead = "mwlab-dead" + lab.Prefix[^2..];
        await LabProbe.MustAsync("ip", "netns", "add", dead + "-router");
        await File.WriteAllTextAsync(Path.Combine("/run/multiwan-lab", dead + ".pid"), "2147483 1\n");

        var cleaned = LabTopology.CleanupLeftovers();
        Assert.Contains(dead + "-router", cleaned);
        Assert.False(File.Exists(Netns.PathOf(dead + "-router")));
        Assert.All(names, n => Assert.True(File.Exists(Netns.PathOf(n)), $"a live run's {n} is kept"));

        lab.Dispose();
        Assert.All(names, n => Assert.False(File.Exists(Netns.PathOf(n)), $"{n} deleted"));
        Assert.False(File.Exists(Path.Combine("/run/multiwan-lab", lab.Prefix + ".pid")));
    }

    /// <summary>Target k-1 via ISP k (router main table), so each ISP is reachable on purpose.</summary>
    private static async Task RouteViaAsync(LabTopology lab, params int[] isps)
    {
        foreach (var i in isps)
        {
            await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "route", "replace", $"{lab.Targets[i - 1]}/32", "via", lab.Isp(i).Gateway.ToString());
        }
    }

    private static Task MasqueradeOnRouterAsync(LabTopology lab) =>
        LabProbe.RunInAsync(lab.RouterNamespace, "nft", "add table ip labtest; add chain ip labtest post { type nat hook postrouting priority srcnat; }; add rule ip labtest post oifname \"wan*\" masquerade")
            .ContinueWith(t => Assert.True(t.Result.Succeeded, t.Result.Describe()), TaskScheduler.Default);

    private static async Task<List<string>> MainDefaultsAsync(LabTopology lab)
    {
        var json = (await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "-j", "route", "show", "default")).Stdout;
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(r => $"{r.GetProperty("dev").GetString()} via {r.GetProperty("gateway").GetString()} metric {r.GetProperty("metric").GetInt32()}")
            .Order(StringComparer.Ordinal)];
    }

    private static async Task<string> FlagsAsync(LabTopology lab, string device)
    {
        var json = (await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "-j", "link", "show", device)).Stdout;
        return string.Join(',', JsonDocument.Parse(json).RootElement[0].GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }
}
