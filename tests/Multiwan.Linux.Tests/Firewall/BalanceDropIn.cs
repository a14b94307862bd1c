using Multiwan.Support;

namespace Multiwan.Firewall;

/// <summary>
/// A Net-ISP-Balance setup for the lab, as a user has it: upper-case service names, a host-name ping-ip, and a
/// balance/ directory with an iptables .conf file, a .pl file of forward/force_route lines, pre-run, post-run and lsm
/// hooks (each hook records what it saw in <c>DIR/out/</c>).
/// </summary>
internal static class BalanceDropIn
{
    public const string IptablesFile = "balance/firewall/02.accept.conf";
    public const string PerlFile = "balance/firewall/10.forward.pl";

    public static string Write(TempDirectory dir)
    {
        var conf = dir.Combine("balance.conf");
        File.WriteAllText(conf, $"""
            #service device role ping-ip           weight
            CABLE    wan1   isp  100.64.250.1      1
            DSL      wan2   isp  targets.lab.invalid 1
            LAN      lan0   lan
            mode=balanced
            interval_ms=200
            max_successive_pkts_lost=2
            min_successive_pkts_rcvd=2
            socket={dir.Combine("run", "multiwan.sock")}
            state_directory={dir.Combine("state")}

            """);
        Write(dir, IptablesFile, """
            # accept the router's web server
            iptables -A INPUT -p tcp --syn --dport 2424 -j ACCEPT
            iptables -A INPUT -p tcp --dport 2525 -j DROPFLOOD
            iptables -t mangle -A PREROUTING -i lan0 -j MARK --set-mark 7

            """);
        Write(dir, PerlFile, """
            $B->forward(8080 => '192.168.50.2:8000'); # the LAN web server
            $B->force_route('cable', '-p tcp --syn --dport 25');
            foreach ($B->lan_services) { print "$_\n" }

            """);
        var output = dir.Combine("out");
        Directory.CreateDirectory(output);
        Script(dir, "balance/pre-run/10-mark", $"nft list table ip multiwan_fw >/dev/null 2>&1 && echo present > {output}/pre || echo absent > {output}/pre");
        Script(dir, "balance/post-run/10-mark", $"nft list table ip multiwan_fw >/dev/null 2>&1 && echo present > {output}/post || echo absent > {output}/post");
        Script(dir, "balance/lsm/up.d/10-mark", $"echo \"$@\" >> {output}/up");
        return conf;
    }

    private static void Write(TempDirectory dir, string relative, string text)
    {
        var path = dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static void Script(TempDirectory dir, string relative, string body) =>
        Hooks.HookFiles.Script(Path.GetDirectoryName(dir.Combine(relative))!, Path.GetFileName(relative), body);
}
