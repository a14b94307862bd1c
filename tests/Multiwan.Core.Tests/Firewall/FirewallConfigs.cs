using Multiwan.Configuration;

namespace Multiwan.Firewall;

/// <summary>Firewall configs for the renderer tests, bound from YAML like a user's file.</summary>
internal static class FirewallConfigs
{
    /// <summary>Net-ISP-Balance's classic (cable eth0, dsl ppp0, LAN eth1) with the restrictive profile and three forwards.</summary>
    public const string Restrictive = """
        lan: [eth1]
        links:
          - name: cable
            interface: eth0
            weight: 2
            targets: [192.0.2.1, 192.0.2.2]
          - name: dsl
            interface: ppp0
            targets: [192.0.2.1, 192.0.2.2]
        firewall:
          profile: restrictive
          ssh_ports: [22, 2222]
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

    public static MultiwanConfig Load(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, "firewall.yaml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return result.Config!;
    }

    /// <summary>The same links with only port forwards (profile off).</summary>
    public static string ForwardsOnly => Restrictive.Replace("  profile: restrictive\n", "", StringComparison.Ordinal);

    /// <summary>The same links without a firewall section.</summary>
    public static string Off => Restrictive[..Restrictive.IndexOf("firewall:", StringComparison.Ordinal)];
}
