using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel.Nft;
using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Every example config (and the extra ones below), in every combination of link states (up/down per link), with and
/// without interface facts, renders an nft script that the real nft accepts inside a throwaway network namespace:
/// first <c>nft -c -f -</c>, then a real <c>nft -f -</c>, because <c>-c</c> does not run the kernel's hook
/// validation (measured: <c>reject</c> in a postrouting chain passes <c>-c</c> and fails the real apply).
/// Applying one after another also exercises re-applying over a previous plan.
/// </summary>
public sealed class NftContractTests
{
    /// <summary>Covers what the examples do not: no LAN list, SNAT, nat none, aliases, another mark mask, every last resort.</summary>
    private const string Extra = """
        mode: failover
        last_resort: blackhole
        kernel:
          mark_mask: 0x00f00000
        links:
          - name: fibre-1
            interface: eth0.10
            nat: snat
            targets: [192.0.2.1, 192.0.2.2]
          - name: cable
            interface: eth1:1
            gateway: 10.0.0.1
            tier: 2
            targets: [192.0.2.1, 192.0.2.2]
          - name: lte
            interface: wwan0
            backup: true
            nat: none
            targets: [192.0.2.1, 192.0.2.2]
        policies:
          - name: uplinks
            links: [cable, fibre-1]
            mode: balanced
            last_resort: unreachable
        rules:
          - name: voip
            src: [10.0.5.0/24, 10.0.6.7]
            protocol: udp
            src_port: [5060, 10000-20000]
            use: uplinks
            sticky: 2h30m
          - name: ping
            protocol: icmp
            use: lte
        """;

    /// <summary>A router whose every link is IPv6 only: no IPv4 policy at all, only the IPv6 half (NPTv6, a rule, sticky).</summary>
    private const string Ipv6OnlyRouter = """
        lan: [eth2]
        ipv6:
          lan_mode: npt
          lan_prefix: fd00:1::/64
        links:
          - name: isp1
            interface: eth0
            ipv4: false
            ipv6:
              targets: [2001:db8:ff::1, 2001:db8:ff::2]
              prefix: 2001:db8:1:100::/64
          - name: lte
            interface: wwan0
            ipv4: false
            ipv6:
              gateway: fe80::1
              targets: [2001:db8:ff::1, 2001:db8:ff::3]
              prefix: 2001:db8:2:100::/64
        rules:
          - name: v6mail
            dst: [2001:db8:25::/48]
            use: lte
            sticky: 1h
        """;

    [NamespaceFact]
    public async Task Every_config_in_every_combination_of_link_states_is_accepted_by_nft()
    {
        var configs = ExampleConfigs()
            .Append(Load("extra.yaml", ConfigLoader.Parse(Extra, "extra.yaml")))
            .Append(Load("ipv6-only.yaml", ConfigLoader.Parse(Ipv6OnlyRouter, "ipv6-only.yaml")))
            .ToList();
        Assert.True(configs.Count >= 4, $"expected the examples/ configs plus the extra one, found {configs.Count}");

        var ns = $"mwt-plan-{Guid.NewGuid().ToString("N")[..8]}";
        var host = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20));
        var inside = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20), ns);
        Assert.True((await host.RunAsync(["ip", "netns", "add", ns], null, CancellationToken.None)).Succeeded, $"ip netns add {ns}");
        var checkedScripts = 0;
        try
        {
            // Through the daemon's own path: libnftables in the namespace, first dry-run (nft -c), then for real.
            using var io = LinuxKernelIo.Open(ns);
            foreach (var (name, config) in configs)
            {
                foreach (var states in Combinations(config))
                {
                    foreach (var facts in new[] { new Dictionary<string, LinkFacts>(), Facts(config) })
                    {
                        var script = KernelPlanner.Plan(config, states, facts).NftScript;
                        var what = $"{name} with {string.Join(", ", states.Select(s => $"{s.Key}={s.Value}"))}, {facts.Count} facts";
                        var check = await io.NftAsync(script, NftMode.Check, CancellationToken.None);
                        Assert.True(check.Succeeded, $"nft -c rejected {what}: {check.ErrorText}\n{script}");
                        var apply = await io.NftAsync(script, NftMode.Apply, CancellationToken.None);
                        Assert.True(apply.Succeeded, $"nft -f rejected {what}: {apply.ErrorText}\n{script}");
                        checkedScripts++;
                    }
                }
            }

            // The table is ours alone: after all those applies there is exactly one table, and it is inet multiwan.
            var tables = await inside.RunAsync(["nft", "list", "tables"], null, CancellationToken.None);
            Assert.Equal("table inet multiwan", tables.Stdout.Trim());
        }
        finally
        {
            await host.RunAsync(["ip", "netns", "del", ns], null, CancellationToken.None);
        }

        Assert.True(checkedScripts >= 2 * (4 + 8 + 4 + 8), $"only {checkedScripts} scripts checked");
    }

    private static IEnumerable<(string Name, MultiwanConfig Config)> ExampleConfigs()
    {
        var examples = Path.Combine(RepositoryPaths.Root, "examples");
        return Directory.EnumerateFiles(examples)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".conf", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => Load(Path.GetFileName(f), ConfigLoader.Load(f)));
    }

    private static (string Name, MultiwanConfig Config) Load(string name, ConfigLoadResult result)
    {
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return (name, result.Config!);
    }

    /// <summary>Every up/down combination: 2^links dictionaries.</summary>
    private static IEnumerable<Dictionary<string, LinkState>> Combinations(MultiwanConfig config)
    {
        for (var bits = 0; bits < 1 << config.Links.Count; bits++)
        {
            yield return config.Links
                .Select((l, i) => (l.Name, State: (bits & (1 << i)) != 0 ? LinkState.Offline : LinkState.Online))
                .ToDictionary(x => x.Name, x => x.State);
        }
    }

    /// <summary>Facts for every link (addresses in 10.x, a connected LAN), so SNAT and connected-prefix rules render.</summary>
    private static Dictionary<string, LinkFacts> Facts(MultiwanConfig config) => config.Links
        .Select((l, i) => (l, i))
        .ToDictionary(x => x.l.Name, x => new LinkFacts
        {
            Device = LinkResolver.DeviceOf(x.l.Interface),
            Address = IPAddress.Parse($"10.{x.i + 1}.0.2"),
            PrefixLength = 24,
            Gateway = IPAddress.Parse($"10.{x.i + 1}.0.1"),
            ConnectedRoutes = [new ConnectedRoute("10.99.0.0/24", "eth9", IPAddress.Parse("10.99.0.1"))],
        });
}
