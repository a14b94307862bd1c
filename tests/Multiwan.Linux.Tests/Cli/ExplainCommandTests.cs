using System.Globalization;
using System.Text.Json;
using Multiwan.Support;

namespace Multiwan.Cli;

/// <summary><c>multiwan explain</c>: the exact text per family for a dual-stack config, and its one-line usage errors.</summary>
public sealed class ExplainCommandTests
{
    private const string Yaml = """
        mode: balanced
        lan: [eth2]
        ipv6:
          lan_mode: masquerade
        links:
          - name: cable
            interface: eth0
            weight: 2
            targets: [192.0.2.1, 198.51.100.1]
            ipv6:
              targets: [2001:db8:ff::1, 2001:db8:ff::2]
          - name: dsl
            interface: ppp0
            targets: [192.0.2.2, 198.51.100.2]
            ipv6:
              targets: [2001:db8:ff::1, 2001:db8:ff::3]
          - name: lte
            interface: wwan0
            tier: 2
            targets: [192.0.2.3, 198.51.100.3]
        policies:
          - name: voice
            links: [dsl, lte]
            mode: failover
        rules:
          - name: voip
            src: [10.0.5.0/24]
            protocol: udp
            dst_port: [5060, 10000-20000]
            use: voice
            sticky: 1h
          - name: v6mail
            dst: [2001:db8:25::/48]
            use: dsl
        """;

    [Fact]
    public async Task Both_families_with_each_links_reason_in_that_family()
    {
        var (code, text, error) = await Run(["--assume", "cable.ipv6=down"]);

        Assert.Equal((Cli.Ok, "explain: from the config: no daemon on SOCKET\n"), (code, error));
        Assert.Equal(
            """
            # multiwan explain for PATH: a new connection (any); assumed link states, no measurements; nothing was changed
            IPv4: no rule matches -> policy default (balanced)
              rule voip passed over: protocol udp (not given)
              rule v6mail passed over: matches IPv6 prefixes only
              cable  online   66.7 %  weight 2 of 3
              dsl    online   33.3 %  weight 1 of 3
              lte    online      0 %  tier 2: tier 1 carries
            IPv6: no rule matches -> policy default (balanced)
              rule voip passed over: matches IPv4 prefixes only
              rule v6mail passed over: dst 2001:db8:25::/48 (not given)
              cable  offline      0 %  offline: takes no new connections
              dsl    online     100 %  the only carrying link of the best tier
              lte    no_ipv6      0 %  no ipv6: side: takes no IPv6 connection

            """,
            text);
    }

    [Fact]
    public async Task One_family_by_its_address_or_by_family()
    {
        var (_, byAddress, _) = await Run(["--dst", "2001:db8:25::1"]);
        var (_, byFamily, _) = await Run(["--family", "4", "--src", "10.0.5.3", "--protocol", "udp", "--dport", "5060", "--assume", "dsl=down"]);

        Assert.Equal(
            """
            # multiwan explain for PATH: a new connection to 2001:db8:25::1; assumed link states, no measurements; nothing was changed
            IPv6: rule v6mail -> link dsl (failover)
              rule voip passed over: matches IPv4 prefixes only
              dsl  online    100 %  the link the rule uses

            """,
            byAddress);
        Assert.Equal(
            """
            # multiwan explain for PATH: a new connection from 10.0.5.3 udp to port 5060; assumed link states, no measurements; nothing was changed
            IPv4: rule voip -> policy voice (failover)
              sticky 1h: a source whose connection took one of these links in the last 1h takes it again while the policy allows it
              dsl  offline      0 %  offline: takes no new connections
              lte  online     100 %  failover: the first carrying link

            """,
            byFamily);
    }

    [Fact]
    public async Task Json_carries_the_same_answer_per_family()
    {
        var (code, text, _) = await Run(["--json", "--protocol", "tcp", "--dport", "443", "--assume", "cable.ipv6=down"]);

        Assert.Equal(Cli.Ok, code);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("PATH", root.GetProperty("config").GetString());
        Assert.Equal(("tcp", 443, JsonValueKind.Null), (root.GetProperty("connection").GetProperty("protocol").GetString(), root.GetProperty("connection").GetProperty("dst_port").GetInt32(), root.GetProperty("connection").GetProperty("src").ValueKind));
        var families = root.GetProperty("families").EnumerateArray().ToList();
        Assert.Equal(["ipv4", "ipv6"], families.Select(f => f.GetProperty("family").GetString()));
        var v6 = families[1];
        Assert.Equal(("default", "balanced", JsonValueKind.Null, JsonValueKind.Null), (v6.GetProperty("policy").GetString(), v6.GetProperty("mode").GetString(), v6.GetProperty("rule").ValueKind, v6.GetProperty("last_resort").ValueKind));
        Assert.Equal(["voip: matches IPv4 prefixes only", "v6mail: dst 2001:db8:25::/48 (not given)"], v6.GetProperty("passed_over").EnumerateArray().Select(r => $"{r.GetProperty("rule").GetString()}: {r.GetProperty("why").GetString()}"));
        Assert.Equal(
            ["cable offline 0", "dsl online 1", "lte no_ipv6 0"],
            v6.GetProperty("links").EnumerateArray().Select(l => $"{l.GetProperty("name").GetString()} {l.GetProperty("state").GetString()} {l.GetProperty("share").GetDouble().ToString(CultureInfo.InvariantCulture)}"));
        Assert.Equal("weight 2 of 3", families[0].GetProperty("links")[0].GetProperty("why").GetString());
    }

    [Theory]
    [InlineData("--family 4 --dst 2001:db8:25::1", "multiwan: --family 4 does not match the address 2001:db8:25::1")]
    [InlineData("--family 5", "multiwan: --family 5: use 4 or 6")]
    [InlineData("--src 10.0.0.1 --dst 2001:db8::1", "multiwan: --src 10.0.0.1 and --dst 2001:db8::1 are of different families")]
    [InlineData("--dst 10.0.0.300", "multiwan: --dst 10.0.0.300: not an IPv4 or IPv6 address")]
    [InlineData("--dport 25", "multiwan: --dport needs --protocol tcp or udp")]
    [InlineData("--protocol sctp", "multiwan: --protocol sctp: use tcp, udp or icmp")]
    [InlineData("--assume wifi=down", "multiwan: --assume wifi=down: unknown link 'wifi'; links are: cable, dsl, lte")]
    public async Task Bad_arguments_are_one_line_and_exit_2(string arguments, string message)
    {
        var (code, text, error) = await Run(arguments.Split(' '));

        Assert.Equal((Cli.Usage, "", message), (code, text, error.TrimEnd('\n')));
    }

    /// <summary>
    /// Runs <c>multiwan explain --config PATH --socket SOCKET ARGS</c> through the real command line, with no daemon on
    /// SOCKET (so a daemon running on this machine cannot change the answer); PATH and SOCKET are replaced in the output.
    /// </summary>
    private static async Task<(int Code, string Output, string Error)> Run(string[] arguments)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("multiwan.yaml");
        var socket = dir.Combine("run", "multiwan.sock");
        File.WriteAllText(path, Yaml);
        var outcome = await MultiwanCli.RunAsync(["explain", "--config", path, "--socket", socket, .. arguments]);
        return (outcome.ExitCode, outcome.Stdout.Replace(path, "PATH", StringComparison.Ordinal), outcome.Stderr.Replace(socket, "SOCKET", StringComparison.Ordinal));
    }
}
