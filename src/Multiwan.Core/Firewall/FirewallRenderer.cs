using System.Globalization;
using System.Text;
using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Firewall;

/// <summary>
/// Renders <c>table ip multiwan_fw</c>, the router's firewall and port forwards, as part of the same libnftables
/// transaction as <c>table inet multiwan</c>. The table holds no state of its own (no sets), so the script
/// deletes and re-declares it whole: <c>add table</c> then <c>delete table</c> make the delete safe when it does not
/// exist, and a config with the firewall off renders only those two lines (a table left by an earlier config goes).
/// Filter chains end in an explicit drop (docs/KERNEL.md, "The firewall table").
/// </summary>
internal static class FirewallRenderer
{
    public const string Table = "ip multiwan_fw";

    /// <summary>At most this many ICMP echo requests a second are answered.</summary>
    public const int EchoPerSecond = 5;

    /// <summary>At most this many dropped packets a minute are logged.</summary>
    public const int LogPerMinute = 5;

    public const string LogPrefix = "multiwan drop: ";

    /// <summary>The script; the restrictive profile also clamps TCP MSS to the route's MTU on point-to-point (PPP) links, those routed by device only.</summary>
    public static string Render(NftModel model)
    {
        var script = new StringBuilder();
        script.Append("# multiwan: the whole of table ").Append(Table).Append(", replaced in one transaction\n");
        script.Append("add table ").Append(Table).Append('\n');
        script.Append("delete table ").Append(Table).Append('\n');
        var firewall = model.Config.Firewall;
        if (!firewall.Active)
        {
            script.Append("# firewall off: no table\n");
            return script.ToString();
        }

        var chains = new List<NftChain>();
        var net = FirewallNetworks.Of(model);
        if (firewall.Profile == FirewallProfile.Restrictive)
        {
            chains.Add(new NftChain("antispoof", [.. AntiSpoof(net)], "type filter hook prerouting priority raw"));
            chains.Add(new NftChain("input", [.. Input(firewall, net)], "type filter hook input priority filter"));
            chains.Add(new NftChain("forward", [.. Forward(firewall, net)], "type filter hook forward priority filter"));
            chains.Add(new NftChain("drop_logged", [.. DropLogged(firewall)]));
            var ppp = model.Links.Where(l => l.Gateway is null).Select(l => l.Device).Distinct().Select(NftSyntax.Quote).ToList();
            if (ppp.Count > 0)
            {
                chains.Add(new NftChain(
                    "mss_clamp",
                    [$"oifname {NftSyntax.SetOf(ppp)} tcp flags syn tcp option maxseg size set rt mtu"],
                    "type filter hook forward priority mangle"));
            }
        }

        chains.AddRange(FirewallUserChains.Chains(firewall));
        if (firewall.Forwards.Count > 0)
        {
            chains.Add(new NftChain("dstnat", [.. FirewallForwards.Dnat(firewall.Forwards, net)], "type nat hook prerouting priority dstnat"));
            chains.Add(new NftChain("srcnat", [.. FirewallForwards.Snat(firewall.Forwards, net)], "type nat hook postrouting priority srcnat"));
        }

        script.Append("table ").Append(Table).Append(" {\n");
        foreach (var chain in chains)
        {
            chain.WriteTo(script);
        }

        script.Append("}\n");
        return script.ToString();
    }

    private static IEnumerable<string> AntiSpoof(FirewallNetworks net)
    {
        if (net.LanPrefixes.Count == 0)
        {
            yield return "# the LAN networks are not known yet: no anti-spoofing until they are";
            yield break;
        }

        yield return "# a packet from a WAN with a LAN source address is forged";
        yield return $"iifname {NftSyntax.SetOf(net.Wans)} ip saddr {NftSyntax.SetOf(net.LanPrefixes)} jump drop_logged";
    }

    private static IEnumerable<string> Input(FirewallConfig firewall, FirewallNetworks net)
    {
        yield return "iifname \"lo\" accept";
        yield return "ct state invalid drop";
        yield return "ct state { established, related } accept";
        yield return $"icmp type echo-request limit rate {EchoPerSecond}/second accept";
        yield return "icmp type echo-request drop";
        foreach (var (device, prefixes) in net.LanNetworks)
        {
            if (prefixes.Count > 0)
            {
                yield return $"iifname {device} ip saddr {NftSyntax.SetOf(prefixes)} accept";
            }
            else
            {
                yield return $"# iifname {device}: its network is not known yet, so everything from it is accepted";
                yield return $"iifname {device} accept";
            }
        }

        yield return "# DHCP requests come from 0.0.0.0";
        yield return $"iifname {NftSyntax.SetOf(net.Lans)} udp dport 67 accept";
        var ssh = firewall.SshPorts.Distinct().Select(p => NftSyntax.Port(p.ToString(CultureInfo.InvariantCulture))).ToList();
        if (ssh.Count > 0)
        {
            yield return $"tcp dport {NftSyntax.SetOf(ssh)} accept";
        }

        if (firewall.Snippets.Count > 0)
        {
            yield return $"jump {FirewallUserChains.Input}";
        }

        yield return "jump drop_logged";
    }

    private static IEnumerable<string> Forward(FirewallConfig firewall, FirewallNetworks net)
    {
        yield return "ct state invalid drop";
        yield return "ct state { established, related } accept";
        if (firewall.ForwardingGroups.Count == 0)
        {
            yield return $"iifname {NftSyntax.SetOf(net.Lans)} oifname {NftSyntax.SetOf(net.Wans)} accept";
        }

        foreach (var group in firewall.ForwardingGroups)
        {
            // Net-ISP-Balance's forwarding_group: the group's LANs talk to each other, and to the WANs when it says :isp.
            var members = NftSyntax.SetOf([.. group.Interfaces.Select(LinkResolver.DeviceOf).Distinct().Select(NftSyntax.Quote)]);
            yield return $"iifname {members} oifname {members} accept";
            if (group.Wan)
            {
                yield return $"iifname {members} oifname {NftSyntax.SetOf(net.Wans)} accept";
            }
        }

        foreach (var rule in FirewallForwards.Accept(firewall.Forwards))
        {
            yield return rule;
        }

        if (firewall.Snippets.Count > 0)
        {
            yield return $"jump {FirewallUserChains.Forward}";
        }

        yield return "jump drop_logged";
    }

    private static IEnumerable<string> DropLogged(FirewallConfig firewall)
    {
        if (firewall.LogDrops)
        {
            yield return $"limit rate {LogPerMinute}/minute log prefix \"{LogPrefix}\" level info";
        }

        yield return "drop";
    }
}
