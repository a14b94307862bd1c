using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Kernel.Nft;
using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Firewall;

/// <summary>
/// The firewall table's script, with and without facts and with the firewall off, is accepted by the real nft in a
/// throwaway namespace through the daemon's own path (libnftables): dry-run first, then for real, one after the
/// other, together with the routing table's script as the applier sends them. Afterwards the firewall off leaves
/// only <c>table inet multiwan</c>.
/// </summary>
public sealed class FirewallScriptContractTests
{
    private const string Restrictive = """
        lan: [eth1]
        links:
          - name: cable
            interface: eth0
            targets: [192.0.2.1, 192.0.2.2]
          - name: dsl
            interface: ppp0
            targets: [192.0.2.1, 192.0.2.2]
        firewall:
          profile: restrictive
          ssh_ports: [22, 2222]
          log_drops: false
          forwards:
            - port: 8080
              to: 192.168.1.10:80
              hairpin: true
            - port: 5060-5070
              to: 192.168.1.20
              proto: udp
            - port: 25
              to: 192.168.1.30
              proto: both
              snat: true
        """;

    [NamespaceFact]
    public async Task Every_firewall_script_is_accepted_by_nft_and_off_removes_the_table()
    {
        var configs = new[]
        {
            Restrictive,
            Restrictive.Replace("  log_drops: false\n", "", StringComparison.Ordinal),
            Restrictive.Replace("  profile: restrictive\n", "", StringComparison.Ordinal),
            Restrictive[..Restrictive.IndexOf("firewall:", StringComparison.Ordinal)],
        }.Select(Load).ToList();

        var ns = $"mwt-fw-{Guid.NewGuid().ToString("N")[..8]}";
        var host = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20));
        var inside = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20), ns);
        Assert.True((await host.RunAsync(["ip", "netns", "add", ns], null, CancellationToken.None)).Succeeded, $"ip netns add {ns}");
        try
        {
            using var io = LinuxKernelIo.Open(ns);
            var applied = 0;
            foreach (var config in configs)
            {
                foreach (var facts in new[] { new Dictionary<string, LinkFacts>(), Facts() })
                {
                    var plan = KernelPlanner.Plan(config, new Dictionary<string, LinkState>(), facts);
                    var script = plan.NftScript + plan.FirewallScript;
                    var check = await io.NftAsync(script, NftMode.Check, CancellationToken.None);
                    Assert.True(check.Succeeded, $"nft -c rejected: {check.ErrorText}\n{script}");
                    var apply = await io.NftAsync(script, NftMode.Apply, CancellationToken.None);
                    Assert.True(apply.Succeeded, $"nft -f rejected: {apply.ErrorText}\n{script}");
                    applied++;
                }
            }

            Assert.Equal(8, applied);
            var tables = await inside.RunAsync(["nft", "list", "tables"], null, CancellationToken.None);
            Assert.Equal("table inet multiwan", tables.Stdout.Trim());
        }
        finally
        {
            await host.RunAsync(["ip", "netns", "del", ns], null, CancellationToken.None);
        }
    }

    private static MultiwanConfig Load(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, "firewall.yaml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Config!;
    }

    private static Dictionary<string, LinkFacts> Facts()
    {
        ConnectedRoute[] connected = [new("192.168.1.0/24", "eth1", IPAddress.Parse("192.168.1.1"))];
        return new()
        {
            ["cable"] = new LinkFacts { Device = "eth0", Address = IPAddress.Parse("203.0.113.10"), PrefixLength = 24, Gateway = IPAddress.Parse("203.0.113.1"), ConnectedRoutes = connected },
            ["dsl"] = new LinkFacts { Device = "ppp0", Address = IPAddress.Parse("198.51.100.7"), PrefixLength = 32, PointToPoint = true, ConnectedRoutes = connected },
        };
    }
}
