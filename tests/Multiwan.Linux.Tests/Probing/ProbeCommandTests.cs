using Multiwan.Lab;
using Multiwan.System;
using Xunit.Abstractions;

namespace Multiwan.Probing;

/// <summary><c>multiwan probe</c> run inside the lab's router namespace, as an operator would run it on the router.</summary>
public sealed class ProbeCommandTests(ITestOutputHelper log)
{
    // Rounds (and so each probe's timeout) of 500 ms: CI saw a lab HTTP probe take over 100 ms while the machine
    // stalled, and these tests claim binding and figures, not speed. The dead-link test keeps 100 ms (it wants timeouts).
    private const string Every = "500ms";

    private const string Config = """
        mode: balanced
        lan: [lan0]
        links:
          - name: wan1
            interface: wan1
            targets: [100.64.250.1, 100.64.250.2]
          - name: wan2
            interface: wan2
            targets: [100.64.250.1, 100.64.250.2]

        """;

    [NamespaceTheory]
    [InlineData("icmp", null, "icmp", "100.64.250.1: seq=3 ok")]
    [InlineData("tcp", "100.64.250.1:5001", "tcp", "tcp://100.64.250.1:5001: seq=3 ok")]
    [InlineData("http", "100.64.250.1", "tcp", "http://100.64.250.1:80/: seq=3 ok")]
    [InlineData("dns", "100.64.250.1", "udp", "dns://100.64.250.1:53/example.com: seq=3 ok")]
    [InlineData("arp", "10.2.0.1", null, "arp://10.2.0.1: seq=3 ok")]
    public async Task Probe_prints_figures_and_leaves_by_the_link_only(string method, string? target, string? protocol, string expectedLine)
    {
        await using var lab = await ProbeLab.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Lab.Prefix}.yaml");
        await File.WriteAllTextAsync(path, Config);
        try
        {
            // ARP stays on the link's segment: nothing to count at the ISPs' routers (a wrong link would time out).
            var before = protocol is null ? (0, 0) : (await lab.CountAsync(1, protocol), await lab.CountAsync(2, protocol));
            List<string> args = ["probe", "wan2", "--config", path, "--count", "3", "--interval", Every, "--method", method];
            if (target is not null)
            {
                args.AddRange(["--target", target]);
            }

            var result = await RunAsync(lab.Lab.RouterNamespace, args);
            log.WriteLine(result.Stdout);

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.StartsWith("PROBE wan2 (dev wan2 mark 0x200 src 10.2.0.2)", result.Stdout, StringComparison.Ordinal);
            Assert.Contains(expectedLine, result.Stdout, StringComparison.Ordinal);
            Assert.Contains("3 sent, 3 answered, 0% loss, rtt ", result.Stdout, StringComparison.Ordinal);
            Assert.Matches(@"wan2: \w+; loss 0%, rtt [0-9.]+ ms, jitter [0-9.]+ ms", result.Stdout);
            if (protocol is not null)
            {
                Assert.True(await lab.CountAsync(2, protocol) - before.Item2 >= 3);
                Assert.Equal(before.Item1, await lab.CountAsync(1, protocol));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [NamespaceTheory]
    [InlineData("icmp", "2001:db8:fa::1", "icmp6", "2001:db8:fa::1: seq=3 ok")]
    [InlineData("tcp", "[2001:db8:fa::1]:5001", "tcp6", "tcp://[2001:db8:fa::1]:5001: seq=3 ok")]
    [InlineData("dns", "2001:db8:fa::2", "udp6", "dns://[2001:db8:fa::2]:53/example.com: seq=3 ok")]
    [InlineData("arp", "fe80::1", null, "arp://fe80::1: seq=3 ok")]
    public async Task Probe_of_ipv6_targets_binds_the_links_ipv6_source_and_leaves_by_the_link_only(string method, string target, string? protocol, string expectedLine)
    {
        await using var lab = await ProbeLab.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Lab.Prefix}.yaml");
        await File.WriteAllTextAsync(path, Config);
        try
        {
            await lab.MainDefaultOnlyViaAsync(1);
            var before = protocol is null ? (0, 0) : (await lab.CountAsync(1, protocol), await lab.CountAsync(2, protocol));
            var result = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan2", "--config", path, "--count", "3", "--interval", Every, "--method", method, "--target", target]);
            log.WriteLine(result.Stdout + result.Stderr);

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.StartsWith("PROBE wan2 (dev wan2 mark 0x200 src 2001:db8:2::2)", result.Stdout, StringComparison.Ordinal);
            Assert.Contains(expectedLine, result.Stdout, StringComparison.Ordinal);
            Assert.Contains("3 sent, 3 answered, 0% loss, rtt ", result.Stdout, StringComparison.Ordinal);
            if (protocol is not null)
            {
                Assert.True(await lab.CountAsync(2, protocol) - before.Item2 >= 3);
                Assert.Equal(before.Item1, await lab.CountAsync(1, protocol));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [NamespaceFact]
    public async Task Probe_with_family_6_and_no_target_probes_the_links_ipv6_targets_not_its_ipv4_ones()
    {
        await using var lab = await ProbeLab.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Lab.Prefix}.yaml");
        // The file's config with an IPv6 side for wan2 (its last link).
        await File.WriteAllTextAsync(
            path,
            Config.Replace("lan: [lan0]\n", "lan: [lan0]\nipv6: { lan_mode: masquerade }\n", StringComparison.Ordinal)
            + "    ipv6:\n      targets: [2001:db8:fa::1, 2001:db8:fa::2]\n");
        try
        {
            var result = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan2", "--config", path, "--count", "2", "--interval", Every, "--family", "6"]);
            log.WriteLine(result.Stdout + result.Stderr);

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.StartsWith("PROBE wan2 (dev wan2 mark 0x200 src 2001:db8:2::2): 2 target(s)", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("2001:db8:fa::1: seq=2 ok", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("2001:db8:fa::2: seq=2 ok", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("100.64.250.", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [NamespaceFact]
    public async Task A_run_has_one_family_and_says_so_in_one_line()
    {
        await using var lab = await ProbeLab.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Lab.Prefix}.yaml");
        await File.WriteAllTextAsync(path, Config);
        try
        {
            var mixed = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan1", "--config", path, "--target", "100.64.250.1", "--target", "2001:db8:fa::1"]);
            Assert.Equal((2, "multiwan: --target: IPv4 and IPv6 targets in one run; a probe run has one family (probe each with its own --target)\n"), (mixed.ExitCode, mixed.Stderr));

            var none = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan1", "--config", path, "--family", "6"]);
            Assert.Equal((2, "multiwan: link wan1 has no IPv6 targets; give one with --target\n"), (none.ExitCode, none.Stderr));

            var bad = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan1", "--config", path, "--family", "5"]);
            Assert.Equal((2, "multiwan: --family: expected 4 or 6 (got 5)\n"), (bad.ExitCode, bad.Stderr));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [NamespaceFact]
    public async Task Probe_with_no_daemon_ever_run_reports_a_healthy_link_healthy_and_leaves_the_routing_as_it_was()
    {
        // The bare lab, with a default route in main via wan1 only (one DHCP client; wan2's gateway is configured):
        // no link table, no fwmark rule. wan2's probes (bound to wan2, marked) had no route: 100 % loss before the fix.
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 2 });
        await LabShell.IpAsync(lab.RouterNamespace, "route", "del", "default", "via", lab.Isp(2).Gateway.ToString(), "dev", "wan2");
        var auto = Path.Combine(Path.GetTempPath(), $"{lab.Prefix}-auto.yaml");
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Prefix}.yaml");
        await File.WriteAllTextAsync(auto, Config);
        await File.WriteAllTextAsync(path, Config.Replace("interface: wan2\n", $"interface: wan2\n    gateway: {lab.Isp(2).Gateway}\n", StringComparison.Ordinal));
        try
        {
            var before = await RoutingAsync(lab.RouterNamespace);

            // gateway: auto and no default via wan2 anywhere: nothing to route by, said in one line.
            var unknown = await RunAsync(lab.RouterNamespace, ["probe", "wan2", "--config", auto, "--count", "1"]);
            Assert.Equal(1, unknown.ExitCode);
            Assert.Equal(
                "multiwan: link wan2: table 101 has no default route (no daemon has run) and the gateway of wan2 is not known "
                + "(no default route via it in the main table): set links.wan2.gateway, or start the daemon\n",
                unknown.Stderr);
            Assert.Equal(before, await RoutingAsync(lab.RouterNamespace));

            var result = await RunAsync(lab.RouterNamespace, ["probe", "wan2", "--config", path, "--count", "3", "--interval", Every]);
            log.WriteLine(result.Stdout + result.Stderr);

            Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
            Assert.Contains("100.64.250.1: 3 sent, 3 answered, 0% loss", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("100.64.250.2: 3 sent, 3 answered, 0% loss", result.Stdout, StringComparison.Ordinal);
            Assert.Contains($"(no daemon routing for wan2: added until the probe ends: ip route replace default via {lab.Isp(2).Gateway} dev wan2 table 101", result.Stdout, StringComparison.Ordinal);
            Assert.Equal(before, await RoutingAsync(lab.RouterNamespace));
        }
        finally
        {
            File.Delete(auto);
            File.Delete(path);
        }
    }

    [NamespaceFact]
    public async Task Probe_of_a_dead_link_reports_loss_and_fails()
    {
        await using var lab = await ProbeLab.CreateAsync();
        await lab.Lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Lab.Prefix}.yaml");
        await File.WriteAllTextAsync(path, Config);
        try
        {
            var result = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan1", "--config", path, "--count", "3", "--interval", "100ms"]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("100.64.250.2: seq=1 timeout", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("100.64.250.1: 3 sent, 0 answered, 100% loss", result.Stdout, StringComparison.Ordinal);
            Assert.Contains("wan1: connecting -> offline (3 consecutive failed rounds at start", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [NamespaceFact]
    public async Task Unknown_link_and_bad_method_are_one_line_usage_errors()
    {
        await using var lab = await ProbeLab.CreateAsync();
        var path = Path.Combine(Path.GetTempPath(), $"{lab.Lab.Prefix}.yaml");
        await File.WriteAllTextAsync(path, Config);
        try
        {
            var unknown = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan9", "--config", path]);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Equal($"multiwan: no link named wan9 in {path} (links: wan1, wan2)\n", unknown.Stderr);

            var method = await RunAsync(lab.Lab.RouterNamespace, ["probe", "wan1", "--config", path, "--method", "smtp"]);
            Assert.Equal(2, method.ExitCode);
            Assert.Equal("multiwan: --method: expected icmp, tcp, http, dns or arp (got smtp)\n", method.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Every rule and every route of every table in <paramref name="nameSpace"/>, as <c>ip</c> prints them.</summary>
    private static async Task<string> RoutingAsync(string nameSpace)
    {
        var runner = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(30), nameSpace);
        var rules = await runner.RunAsync(["ip", "-4", "rule", "show"], null, CancellationToken.None);
        var routes = await runner.RunAsync(["ip", "-4", "route", "show", "table", "all"], null, CancellationToken.None);
        Assert.True(rules.Succeeded && routes.Succeeded, rules.Stderr + routes.Stderr);
        return rules.Stdout + routes.Stdout;
    }

    private static Task<CommandResult> RunAsync(string nameSpace, IReadOnlyList<string> args)
    {
        var runner = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(60), nameSpace);
        return runner.RunAsync([.. MultiwanBinary.Command(AppContext.BaseDirectory), .. args], null, CancellationToken.None);
    }
}
