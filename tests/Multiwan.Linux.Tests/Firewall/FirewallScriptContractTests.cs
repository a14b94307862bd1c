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
    /// <summary>The lab's firewall config plus a PPP link (MSS clamping) and forwards of every kind: UDP range, both protocols with SNAT, hairpin.</summary>
    private static MultiwanConfig Restrictive()
    {
        var lab = FirewallLab.Config();
        return lab with
        {
            Links = [.. lab.Links, new LinkConfig { Name = "dsl", Interface = "ppp0", Targets = [new TargetConfig { Address = "100.64.250.3" }] }],
            Firewall = lab.Firewall with
            {
                LogDrops = false,
                Forwards =
                [
                    .. lab.Firewall.Forwards,
                    new ForwardConfig { Port = "8081", To = "192.168.50.10:80", Hairpin = true },
                    new ForwardConfig { Port = "5060-5070", To = "192.168.50.20", Proto = ForwardProtocol.Udp },
                    new ForwardConfig { Port = "25", To = "192.168.50.30", Proto = ForwardProtocol.Both, Snat = true },
                ],
            },
        };
    }

    [NamespaceFact]
    public async Task Every_firewall_script_is_accepted_by_nft_and_off_removes_the_table()
    {
        var restrictive = Restrictive();
        var configs = new[]
        {
            restrictive,
            restrictive with { Firewall = restrictive.Firewall with { LogDrops = true } },
            restrictive with { Firewall = restrictive.Firewall with { Profile = FirewallProfile.Off } },
            restrictive with { Firewall = new FirewallConfig() },
        }.Select(Valid).ToList();

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

    /// <summary>The config passes the same checks as a file would (written out and loaded back).</summary>
    private static MultiwanConfig Valid(MultiwanConfig config)
    {
        var result = ConfigLoader.Parse(ConfigYamlWriter.Write(config), "firewall.yaml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Config!;
    }

    private static Dictionary<string, LinkFacts> Facts()
    {
        ConnectedRoute[] connected = [new("192.168.50.0/24", "lan0", IPAddress.Parse("192.168.50.1"))];
        return new()
        {
            ["wan1"] = new LinkFacts { Device = "wan1", Address = IPAddress.Parse("10.1.0.2"), PrefixLength = 30, Gateway = IPAddress.Parse("10.1.0.1"), ConnectedRoutes = connected },
            ["wan2"] = new LinkFacts { Device = "wan2", Address = IPAddress.Parse("10.2.0.2"), PrefixLength = 30, Gateway = IPAddress.Parse("10.2.0.1"), ConnectedRoutes = connected },
            ["dsl"] = new LinkFacts { Device = "ppp0", Address = IPAddress.Parse("198.51.100.7"), PrefixLength = 32, PointToPoint = true, ConnectedRoutes = connected },
        };
    }
}
