using System.Net;
using System.Text.Json;
using Multiwan.Cli;
using Multiwan.Configuration;
using Multiwan.Daemon;
using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.Support;

namespace Multiwan.Firewall;

/// <summary>
/// Issue 11's drop-in acceptance (<see cref="BalanceDropIn"/>): <c>check</c> passes with a warning per line it cannot
/// honour; <c>import --output</c> writes YAML plus a snippet file that <c>check</c> accepts and that give the same
/// firewall in the kernel; the daemon runs on the balance.conf itself (firewall, forward, forced route, pre-run before
/// and post-run after its first apply, lsm hooks with lsm arguments) and <c>link down CABLE</c> works.
/// </summary>
public sealed class BalanceDropInLabTests(KernelLab kernel) : IClassFixture<KernelLab>
{
    [NamespaceFact]
    public async Task Check_passes_and_import_gives_yaml_and_snippets_with_the_same_firewall_in_the_kernel()
    {
        using var dir = new TempDirectory();
        var conf = BalanceDropIn.Write(dir);

        var check = await MultiwanCli.RunAsync("check", "--config", conf);
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.StartsWith($"{conf}: ok: 2 links (CABLE 1, DSL 1), 1 LAN, 1 rule, mode balanced, firewall restrictive (1 forward, 1 snippet file)", check.Stdout, StringComparison.Ordinal);
        Assert.Contains(check.StderrLines, l => l.StartsWith($"warning: {dir.Combine(BalanceDropIn.IptablesFile)}:4: iptables: not translated:", StringComparison.Ordinal));
        Assert.Contains(check.StderrLines, l => l.StartsWith($"warning: {dir.Combine(BalanceDropIn.PerlFile)}:3: perl: not honoured:", StringComparison.Ordinal));

        var yaml = dir.Combine("yaml", "multiwan.yaml");
        Directory.CreateDirectory(dir.Combine("yaml"));
        var import = await MultiwanCli.RunAsync("import", conf, "--output", yaml);
        Assert.True(import.ExitCode == 0, import.Stderr);
        var snippet = dir.Combine("yaml", "nft.d", "50-balance-02.accept.conf.nft");
        Assert.True(File.Exists(snippet), import.Stdout);
        Assert.Contains("# 02.accept.conf:2: iptables -A INPUT -p tcp --syn --dport 2424 -j ACCEPT", File.ReadAllText(snippet), StringComparison.Ordinal);
        Assert.Contains(File.ReadAllLines(yaml), l => l.StartsWith($"# warning: {dir.Combine(BalanceDropIn.IptablesFile)}:4: iptables: not translated", StringComparison.Ordinal));
        var checkYaml = await MultiwanCli.RunAsync("check", "--config", yaml);
        Assert.True(checkYaml.ExitCode == 0, checkYaml.Stderr + File.ReadAllText(yaml));

        var fromConf = await RulesetAsync(conf);
        var fromYaml = await RulesetAsync(yaml);
        Assert.Equal(fromConf, fromYaml);
        Assert.Contains("tcp dport 2424 tcp flags syn / fin,syn,rst,ack counter packets 0 bytes 0 accept", fromConf, StringComparison.Ordinal);
        Assert.Contains("tcp dport 2525 counter packets 0 bytes 0 jump drop_logged", fromConf, StringComparison.Ordinal);
        Assert.Contains("dnat to 192.168.50.2:8000", fromConf, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task The_daemon_runs_on_the_balance_conf_and_link_down_cable_works()
    {
        LabTopology.CleanupLeftovers();
        // DSL's PING-IP is a host name: the router's resolv.conf names a lab target, whose DNS responder answers 100.64.250.1.
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3, RouterNameservers = [IPAddress.Parse("100.64.250.2")] });
        using var dir = new TempDirectory();
        var conf = BalanceDropIn.Write(dir);
        var socket = dir.Combine("run", "multiwan.sock");
        await using var daemon = new DaemonProcess(lab.RouterNamespace, conf);
        try
        {
            await WaitOnlineAsync(socket, "CABLE", daemon);
            await WaitOnlineAsync(socket, "DSL", daemon);
            // The name was asked through DSL's link (ISP 2's NAT address), never through CABLE's.
            Assert.True(lab.Dns!.Queries[lab.Isp(2).InternetAddress] > 0, daemon.Output);
            Assert.Equal(0, lab.Dns.Queries[lab.Isp(1).InternetAddress]);
            Assert.True(await LabProbe.EventuallyAsync(async () => (await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "table", "ip", "multiwan_fw")).Succeeded, 30000), daemon.Output);
            var down = await MultiwanCli.RunAsync("link", "down", "CABLE", "--socket", socket);
            var firewall = await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "table", "ip", "multiwan_fw");
            var routing = await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "table", "inet", "multiwan");

            Assert.True(down.ExitCode == 0, down.Stderr);
            Assert.StartsWith("CABLE: down", down.Stdout, StringComparison.Ordinal);
            Assert.Contains("dnat to 192.168.50.2:8000", firewall.Stdout, StringComparison.Ordinal);
            Assert.Contains("tcp dport 2424", firewall.Stdout, StringComparison.Ordinal);
            Assert.Contains("jump drop_logged", firewall.Stdout, StringComparison.Ordinal);
            Assert.Contains("tcp dport 25", routing.Stdout, StringComparison.Ordinal);
            Assert.Equal("absent", File.ReadAllText(dir.Combine("out", "pre")).Trim());
            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(File.Exists(dir.Combine("out", "post")))), daemon.Output);
            Assert.Equal("present", File.ReadAllText(dir.Combine("out", "post")).Trim());
            var up = File.ReadAllLines(dir.Combine("out", "up")).First(l => l.Split(' ')[1] == "CABLE").Split(' ');
            Assert.Equal(16, up.Length);
            Assert.Equal(["up", "CABLE", "100.64.250.1", "wan1"], up[..4]);
            Assert.True(int.Parse(up[5], global::System.Globalization.CultureInfo.InvariantCulture) >= 2, string.Join(' ', up)); // replies: at least min_successive_pkts_rcvd
        }
        finally
        {
            await MultiwanCli.RunAsync("stop", "--cleanup", "--socket", socket);
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20));
        }
    }

    /// <summary>The firewall table the config gives in the lab's router, as nft lists it.</summary>
    private async Task<string> RulesetAsync(string path)
    {
        await kernel.ResetAsync();
        var loaded = ConfigLoader.Load(path, IptablesTranslateTool.Default);
        Assert.True(loaded.IsValid, string.Join('\n', loaded.Errors));
        await kernel.ApplyAsync(loaded.Config!, new Dictionary<string, Tracking.LinkState> { ["CABLE"] = Tracking.LinkState.Online, ["DSL"] = Tracking.LinkState.Online });
        return (await kernel.Must("nft", "list", "table", "ip", "multiwan_fw")).Stdout;
    }

    private static async Task WaitOnlineAsync(string socket, string link, DaemonProcess daemon)
    {
        for (var i = 0; i < 150; i++)
        {
            var status = await MultiwanCli.RunAsync("status", "--json", "--socket", socket);
            if (status.ExitCode == 0)
            {
                using var doc = JsonDocument.Parse(status.Stdout);
                if (doc.RootElement.GetProperty("links").EnumerateArray().Any(l => l.GetProperty("name").GetString() == link && l.GetProperty("state").GetString() == "online"))
                {
                    return;
                }
            }

            Assert.False(daemon.Exited, "the daemon exited:\n" + daemon.Output);
            await Task.Delay(200);
        }

        Assert.Fail($"{link} never online:\n" + daemon.Output);
    }
}
