using Multiwan.Lab;
using Multiwan.System;
using Xunit.Abstractions;

namespace Multiwan.Probing;

/// <summary><c>multiwan probe</c> run inside the lab's router namespace, as an operator would run it on the router.</summary>
public sealed class ProbeCommandTests(ITestOutputHelper log)
{
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
            List<string> args = ["probe", "wan2", "--config", path, "--count", "3", "--interval", "100ms", "--method", method];
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

    private static Task<CommandResult> RunAsync(string nameSpace, IReadOnlyList<string> args)
    {
        var runner = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(60), nameSpace);
        return runner.RunAsync([.. MultiwanBinary.Command(AppContext.BaseDirectory), .. args], null, CancellationToken.None);
    }
}
