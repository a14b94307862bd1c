using System.Net;
using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Lab;

namespace Multiwan.Probing;

/// <summary>
/// The shared lab plus what multiwan's applier would install on the router: per-link routing tables
/// (default via that ISP) and fwmark rules (link i has mark i &lt;&lt; 8 under mask 0xff00), for IPv4 and for IPv6
/// (default via fe80::1 on the WAN). Each ISP counts, by family and protocol, the packets it receives from the router
/// toward the targets.
/// </summary>
internal sealed class ProbeLab : IAsyncDisposable
{
    private ProbeLab(LabTopology lab) => Lab = lab;

    public LabTopology Lab { get; }

    /// <summary>The lab's DNS responder (one socket per target, so each reply comes from the address queried).</summary>
    public DnsResponder Dns => Lab.Dns!;

    public NetnsSocketFactory Sockets => new(Lab.RouterNamespace);

    public static async Task<ProbeLab> CreateAsync()
    {
        var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        try
        {
            var router = new List<string>();
            var router6 = new List<string>();
            foreach (var isp in lab.Isps)
            {
                router.Add($"route add default via {isp.Gateway} dev {isp.RouterDevice} table {100 + isp.Index}");
                router.Add($"rule add fwmark 0x{isp.Index << 8:x}/0xff00 lookup {100 + isp.Index} pref {1000 + isp.Index}");
                router6.Add($"route add default via {isp.LinkLocalGateway} dev {isp.RouterDevice} table {100 + isp.Index}");
                router6.Add($"rule add fwmark 0x{isp.Index << 8:x}/0xff00 lookup {100 + isp.Index} pref {1000 + isp.Index}");
                await LabShell.NftAsync(isp.Namespace, """
                    table inet mwcount {
                      counter pkt_icmp {}
                      counter pkt_tcp {}
                      counter pkt_udp {}
                      counter pkt_icmp6 {}
                      counter pkt_tcp6 {}
                      counter pkt_udp6 {}
                      chain pre {
                        type filter hook prerouting priority -300; policy accept;
                        iifname "cust0" ip daddr 100.64.250.0/24 ip protocol icmp counter name "pkt_icmp"
                        iifname "cust0" ip daddr 100.64.250.0/24 ip protocol tcp counter name "pkt_tcp"
                        iifname "cust0" ip daddr 100.64.250.0/24 ip protocol udp counter name "pkt_udp"
                        iifname "cust0" ip6 daddr 2001:db8:fa::/48 meta l4proto ipv6-icmp counter name "pkt_icmp6"
                        iifname "cust0" ip6 daddr 2001:db8:fa::/48 meta l4proto tcp counter name "pkt_tcp6"
                        iifname "cust0" ip6 daddr 2001:db8:fa::/48 meta l4proto udp counter name "pkt_udp6"
                      }
                    }

                    """);
            }

            await LabShell.IpBatchAsync(lab.RouterNamespace, router);
            await LabShell.RunAsync(["ip", "-6", "-n", lab.RouterNamespace, "-batch", "-"], string.Join('\n', router6) + "\n");
            return new ProbeLab(lab);
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>How the daemon binds link <paramref name="isp"/>'s probes.</summary>
    public LinkBinding Binding(int isp)
    {
        var i = Lab.Isp(isp);
        return new LinkBinding(i.RouterDevice, (uint)isp << 8, i.RouterAddress);
    }

    /// <summary>How the daemon binds link <paramref name="isp"/>'s IPv6 probes: the same device and mark, its IPv6 WAN address.</summary>
    public LinkBinding Binding6(int isp)
    {
        var i = Lab.Isp(isp);
        return new LinkBinding(i.RouterDevice, (uint)isp << 8, i.RouterAddress6);
    }

    /// <summary>Points the router's main-table default routes (both families) only at <paramref name="isp"/> (the other link's probes must not follow them).</summary>
    public Task MainDefaultOnlyViaAsync(int isp)
    {
        var lines = Lab.Isps.Where(i => i.Index != isp)
            .SelectMany(i => new[] { $"route del default via {i.Gateway} dev {i.RouterDevice}", $"route del default via {i.LinkLocalGateway} dev {i.RouterDevice}" })
            .ToList();
        return LabShell.IpBatchAsync(Lab.RouterNamespace, lines);
    }

    /// <summary>ISP <paramref name="isp"/> drops everything toward <paramref name="target"/>: reachable through the other uplinks only.</summary>
    public Task BlockTargetAsync(int isp, IPAddress target) =>
        LabShell.NftAsync(Lab.Isp(isp).Namespace, $"table inet mwblock {{\n  chain blockfwd {{\n    type filter hook forward priority -50; policy accept;\n    ip daddr {target} drop\n  }}\n}}\n");

    public Task UnblockAsync(int isp) => LabShell.NftAsync(Lab.Isp(isp).Namespace, "delete table inet mwblock\n");

    /// <summary>Packets of <paramref name="protocol"/> (icmp, tcp, udp; icmp6, tcp6, udp6 for IPv6) ISP <paramref name="isp"/> received from the router toward the targets.</summary>
    public async Task<long> CountAsync(int isp, string protocol)
    {
        var result = await LabProbe.MustAsync("ip", "netns", "exec", Lab.Isp(isp).Namespace, "nft", "-j", "list", "counter", "inet", "mwcount", $"pkt_{protocol}");
        using var json = JsonDocument.Parse(result.Stdout);
        foreach (var item in json.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("counter", out var counter))
            {
                return counter.GetProperty("packets").GetInt64();
            }
        }

        throw new InvalidOperationException($"no counter {protocol} in {result.Stdout}");
    }

    public ValueTask DisposeAsync() => Lab.DisposeAsync();

    /// <summary>The lab's IPv6 target for <paramref name="method"/> on its responder's port.</summary>
    public ProbeTarget Target6(ProbeMethod method, int index = 0) => Target(method, index) with { Address = Lab.Targets6[index] };

    /// <summary>The lab target for <paramref name="method"/> on its responder's port.</summary>
    public ProbeTarget Target(ProbeMethod method, int index = 0) => new()
    {
        Address = Lab.Targets[index],
        Method = method,
        Port = method switch
        {
            ProbeMethod.Tcp => LabTopology.TcpPort,
            ProbeMethod.Dns => LabTopology.DnsPort,
            _ => ProbeTarget.DefaultPort(method, tls: false),
        },
    };
}
