using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Firewall;

/// <summary>Forwarding groups in the forward chain; snippets' chains, jumps and commands in the plan.</summary>
public sealed class FirewallGroupsAndSnippetsTests : IDisposable
{
    private const string ThreeLans = """
        lan: [eth1, eth2, eth3]
        links:
          - name: cable
            interface: eth0
            targets: [192.0.2.1, 192.0.2.2]
        firewall:
          profile: restrictive

        """;

    private static readonly Dictionary<string, LinkState> AllUp = [];

    private readonly string _dir = Directory.CreateTempSubdirectory("mw-nftd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Forwarding_groups_decide_lan_to_lan_and_lan_to_wan()
    {
        var yaml = ThreeLans + "  forwarding_groups:\n    - interfaces: [eth1, eth2]\n    - interfaces: [eth3]\n      wan: false\n";

        var forward = Chain(Plan(yaml).FirewallScript, "forward");

        Assert.Contains("iifname { \"eth1\", \"eth2\" } oifname { \"eth1\", \"eth2\" } accept", forward);
        Assert.Contains("iifname { \"eth1\", \"eth2\" } oifname \"eth0\" accept", forward);
        Assert.Contains("iifname \"eth3\" oifname \"eth3\" accept", forward);
        Assert.DoesNotContain(forward, r => r.StartsWith("iifname \"eth3\" oifname \"eth0\"", StringComparison.Ordinal));
        Assert.DoesNotContain(forward, r => r.Contains("\"eth1\", \"eth2\", \"eth3\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_groups_every_lan_reaches_the_wans_and_no_other_lan()
    {
        var forward = Chain(Plan(ThreeLans).FirewallScript, "forward");

        Assert.Contains("iifname { \"eth1\", \"eth2\", \"eth3\" } oifname \"eth0\" accept", forward);
        Assert.DoesNotContain(forward, r => r.Contains("oifname { \"eth1\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_group_naming_no_lan_interface_is_an_error()
    {
        var result = ConfigLoader.Parse(ThreeLans + "  forwarding_groups:\n    - interfaces: [eth9]\n", "fw.yaml");

        Assert.Contains("fw.yaml:9: firewall.forwarding_groups[0].interfaces: not a LAN interface; lan: eth1, eth2, eth3 (got eth9)", result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Snippets_get_user_chains_jumped_to_before_the_final_drop_and_keep_their_lines()
    {
        File.WriteAllText(Path.Combine(_dir, "20-web.nft"), "# web\nadd rule ip multiwan_fw input_user tcp dport 80 accept\n\nadd chain ip multiwan_fw extra {\n  type filter hook input priority 10; policy accept;\n}\n");
        File.WriteAllText(Path.Combine(_dir, "10-first.nft"), "add rule ip multiwan_fw forward_user iifname \"tun0\" accept\n");
        File.WriteAllText(Path.Combine(_dir, "README"), "not a snippet\n");

        var plan = Plan(ThreeLans + $"  nft_directory: {_dir}\n");

        Assert.Equal(
            [$"{_dir}/10-first.nft:1", $"{_dir}/20-web.nft:2", $"{_dir}/20-web.nft:4"],
            plan.Snippets.Select(c => $"{c.File}:{c.Line}"));
        Assert.Equal("add chain ip multiwan_fw extra {\n  type filter hook input priority 10; policy accept;\n}", plan.Snippets[2].Text);
        var input = Chain(plan.FirewallScript, "input");
        Assert.Equal(["jump input_user", "jump drop_logged"], input[^2..]);
        Assert.Equal(["jump forward_user", "jump drop_logged"], Chain(plan.FirewallScript, "forward")[^2..]);
        Assert.Contains("\tchain output_user {\n\t\ttype filter hook output priority filter; policy accept;\n", plan.FirewallScript, StringComparison.Ordinal);
        Assert.StartsWith($"# {_dir}/10-first.nft:1\nadd rule ip multiwan_fw forward_user", plan.SnippetScript, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_nft_directory_is_an_error()
    {
        var result = ConfigLoader.Parse(ThreeLans + "  nft_directory: /nonexistent/nft.d\n", "fw.yaml");

        Assert.Contains("fw.yaml:8: firewall.nft_directory: no such directory (got /nonexistent/nft.d)", result.Errors.Select(e => e.ToString()));
    }

    private static KernelPlan Plan(string yaml)
    {
        var result = ConfigLoader.Parse(yaml, "fw.yaml");
        Assert.True(result.IsValid, string.Join('\n', result.Errors));
        return KernelPlanner.Plan(result.Config!, AllUp, new Dictionary<string, LinkFacts>());
    }

    /// <summary>The rules of one chain of the script, trimmed.</summary>
    private static List<string> Chain(string script, string name)
    {
        var lines = script.Split('\n').Select(l => l.Trim()).ToList();
        var start = lines.IndexOf($"chain {name} {{");
        Assert.True(start >= 0, script);
        return [.. lines.Skip(start + 1).TakeWhile(l => l != "}").Where(l => !l.StartsWith("type ", StringComparison.Ordinal))];
    }
}
