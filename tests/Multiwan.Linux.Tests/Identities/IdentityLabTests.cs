using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Multiwan.Cli;
using Multiwan.Lab;
using Multiwan.Tracking;
using Xunit.Abstractions;

namespace Multiwan.Identities;

/// <summary>
/// The real daemon in a 3-ISP lab: a reload that inserts a link (wan3) before the running ones leaves every open
/// connection on its link (same ct mark, same ISP, still echoing), and new connections then balance over all three.
/// </summary>
public sealed partial class IdentityLabTests(ITestOutputHelper output)
{
    private static readonly string[] Health = ["interval: 200ms", "fast_interval: 100ms", "down_after: 2", "up_after: 2", "hold_down: 0s"];

    [NamespaceFact]
    public async Task A_reload_that_inserts_a_link_first_keeps_every_connection_on_its_link_and_new_ones_still_balance()
    {
        LabTopology.CleanupLeftovers();
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 3, Targets = 3 });
        var settings = new LabDaemonSettings { Isps = [1, 2], Health = Health };
        await using var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), CancellationToken.None);
        await WaitOnlineAsync(daemon, "wan1", "wan2");

        // Open connections until both ISPs carry at least three (weights 1:1: a few dozen at most).
        var flows = new List<Socket>();
        try
        {
            Dictionary<int, Flow> before;
            do
            {
                flows.Add(await OpenAsync(lab));
                before = await FlowsAsync(lab);
            }
            while (flows.Count < 60 && Enumerable.Range(1, 2).Any(isp => before.Values.Count(f => f.Isp == isp) < 3));

            Assert.All(before.Values, f => Assert.Equal((uint)(f.Isp << 8), f.Mark)); // first start: slots by position
            Assert.True(before.Values.Count(f => f.Isp == 1) >= 3 && before.Values.Count(f => f.Isp == 2) >= 3, $"flows did not balance: {Describe(before)}");
            var routesBefore = await MarkRoutesAsync(lab, 0x100, 0x200);

            await File.WriteAllTextAsync(daemon.ConfigPath, LabDaemonConfig.Render(lab, settings with { Isps = [3, 1, 2] }, daemon.Directory));
            var reload = await MultiwanCli.RunAsync("reload", "--socket", daemon.SocketPath);
            Assert.True(reload.ExitCode == 0, reload.Stderr + daemon.Tail());
            Assert.EndsWith("kept wan1 wan2; restarted none; added wan3; removed none", reload.Stdout.TrimEnd(), StringComparison.Ordinal);
            await WaitOnlineAsync(daemon, "wan3", "wan1", "wan2");

            foreach (var flow in flows)
            {
                Assert.True(await EchoAsync(flow), $"connection from port {Port(flow)} died after the reload");
            }

            var after = await FlowsAsync(lab);
            output.WriteLine($"before: {Describe(before)}\nafter:  {Describe(after)}");
            foreach (var (port, flow) in before)
            {
                Assert.Equal(flow, after.GetValueOrDefault(port));
            }

            Assert.Equal(routesBefore, await MarkRoutesAsync(lab, 0x100, 0x200));
            Assert.Equal(["dev wan3"], await MarkRoutesAsync(lab, 0x300));

            // New connections balance over all three links, wan3 with the new mark 0x300.
            var fresh = new List<Socket>();
            try
            {
                for (var i = 0; i < 30; i++)
                {
                    fresh.Add(await OpenAsync(lab));
                }

                var all = await FlowsAsync(lab);
                var news = fresh.Select(s => all[Port(s)]).ToList();
                output.WriteLine($"new: {string.Join(" ", news.GroupBy(f => f.Isp).OrderBy(g => g.Key).Select(g => $"isp{g.Key}={g.Count()}"))}");
                Assert.Equal([1, 2, 3], news.Select(f => f.Isp).Distinct().Order());
                Assert.All(news, f => Assert.Equal((uint)(f.Isp << 8), f.Mark));
            }
            finally
            {
                fresh.ForEach(s => s.Dispose());
            }

            var identities = await File.ReadAllTextAsync(Path.Combine(daemon.Directory, "state", IdentityStore.FileName));
            Assert.Matches("\"wan1\",\\s*\"slot\": 0[^}]*}[^{]*\\{\\s*\"name\": \"wan2\",\\s*\"slot\": 1[^}]*}[^{]*\\{\\s*\"name\": \"wan3\",\\s*\"slot\": 2", identities);
        }
        finally
        {
            flows.ForEach(s => s.Dispose());
        }
    }

    /// <summary>One connection as the router's conntrack has it: its mark and the ISP its NAT address belongs to.</summary>
    private sealed record Flow(uint Mark, int Isp);

    private static async Task<Socket> OpenAsync(LabTopology lab)
    {
        var socket = await Netns.ConnectTcpAsync(lab.LanNamespace, new IPEndPoint(lab.Targets[0], LabTopology.TcpPort), CancellationToken.None);
        Assert.True(await EchoAsync(socket), "a new connection did not echo");
        return socket;
    }

    /// <summary>One round trip through the lab's echo server within 2 s.</summary>
    private static async Task<bool> EchoAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var buffer = new byte[64];
        try
        {
            await socket.SendAsync(buffer, timeout.Token);
            for (var got = 0; got < buffer.Length;)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(got), timeout.Token);
                if (n == 0)
                {
                    return false;
                }

                got += n;
            }

            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    /// <summary>The router's conntrack entries to the echo port, by the LAN client's source port.</summary>
    private static async Task<Dictionary<int, Flow>> FlowsAsync(LabTopology lab)
    {
        var list = await LabProbe.RunInAsync(lab.RouterNamespace, "conntrack", "-L", "-p", "tcp", "--dport", LabTopology.TcpPort.ToString(CultureInfo.InvariantCulture));
        Assert.True(list.Succeeded, list.Describe());
        var flows = new Dictionary<int, Flow>();
        foreach (Match m in ConntrackLine().Matches(list.Stdout))
        {
            flows[int.Parse(m.Groups["port"].Value, CultureInfo.InvariantCulture)] = new Flow(
                uint.Parse(m.Groups["mark"].Value, CultureInfo.InvariantCulture),
                int.Parse(m.Groups["isp"].Value, CultureInfo.InvariantCulture));
        }

        return flows;
    }

    /// <summary>Where the kernel sends each mark: its fwmark rule's table, that table's default route device.</summary>
    private static async Task<List<string>> MarkRoutesAsync(LabTopology lab, params uint[] marks)
    {
        var routes = new List<string>();
        foreach (var mark in marks)
        {
            var rule = await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "rule", "show", "fwmark", $"0x{mark:x}/0xff00");
            var table = Regex.Match(rule.Stdout, @"lookup (\d+)").Groups[1].Value;
            var route = await LabProbe.RunInAsync(lab.RouterNamespace, "ip", "route", "show", "table", table, "default");
            routes.Add(Regex.Match(route.Stdout, @"dev \S+").Value);
        }

        return routes;
    }

    private static async Task WaitOnlineAsync(LabDaemon daemon, params string[] links)
    {
        foreach (var link in links)
        {
            Assert.True(await daemon.WaitForStateAsync(link, TimeSpan.FromSeconds(20), CancellationToken.None, LinkState.Online) is not null, $"{link} never came online:\n{daemon.Tail()}");
        }
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static string Describe(Dictionary<int, Flow> flows) =>
        string.Join(" ", flows.OrderBy(f => f.Key).Select(f => $"{f.Key}:isp{f.Value.Isp}/0x{f.Value.Mark:x}"));

    // tcp 6 431999 ESTABLISHED src=192.168.50.2 dst=100.64.250.1 sport=P dport=5001 src=100.64.250.1 dst=10.I.G.2 sport=5001 dport=P [ASSURED] mark=M use=1
    [GeneratedRegex(@"sport=(?<port>\d+) dport=5001 src=\S+ dst=10\.(?<isp>\d+)\.\d+\.2 .*?mark=(?<mark>\d+)")]
    private static partial Regex ConntrackLine();
}
