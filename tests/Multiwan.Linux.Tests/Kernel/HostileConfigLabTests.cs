using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Text;

namespace Multiwan.Kernel;

/// <summary>
/// Issue 10's acceptance test on the real kernel: configs with a hostile string in each field either fail
/// <c>check</c>, or are applied in the lab's router namespace, and every table, route and rule that is not
/// multiwan's (a foreign nft table, a route in a foreign table, a foreign rule, the main table's routes) is
/// exactly as before, both right after the apply and after cleanup. No output line holds a raw control character.
/// </summary>
public sealed class HostileConfigLabTests(KernelLab kernel) : IClassFixture<KernelLab>, IDisposable
{
    private const string Foreign = """
        table ip foreign {
        	chain input {
        		type filter hook input priority filter; policy accept;
        		iifname "wan1" counter accept
        	}
        }
        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"multiwan-hostile-{Guid.NewGuid():N}.yaml");

    /// <summary>One hostile value per field that reaches the kernel, a terminal or the wire (YAML double-quoted escapes).</summary>
    public static TheoryData<string, string> Configs => new()
    {
        { "name newline", Config(name1: "\"wan1\\nx\"") },
        { "name quote", Config(name1: "'wan\"1'") },
        { "name escape", Config(name1: "\"a\\e[2Jb\"") },
        { "interface quote", Config(interface1: "'wan1\"'") },
        { "interface wildcard", Config(interface1: "'*'") },
        { "interface star", Config(interface1: "'wan*'") },
        { "interface newline", Config(interface1: "\"wan1\\n\"") },
        { "interface space", Config(interface1: "'wan1 x'") },
        { "gateway newline", Config(extra1: "gateway: \"10.1.0.1\\n\"") },
        { "gateway words", Config(extra1: "gateway: '10.1.0.1 table main'") },
        { "source newline", Config(extra1: "source: \"10.1.0.2\\nx\"\n    nat: snat") },
        { "lan newline", Config(lan: "[\"lan0\\n\"]") },
        { "lan wildcard", Config(lan: "['*']") },
        { "target newline", Config(target1: "\"100.64.250.1\\n\"") },
        { "rule name and prefix", Config(tail: "rules:\n  - name: \"r\\nx\"\n    src: ['10.0.0.0/8 } accept']\n    use: wan1") },
        { "rule port", Config(tail: "rules:\n  - name: r\n    protocol: tcp\n    dst_port: ['25 accept']\n    use: wan1") },
        { "policy name", Config(tail: "policies:\n  - name: \"p\\nq\"\n    links: [wan1]") },
        { "http path and host", Config(target1: "{ address: 100.64.250.1, method: http, path: \"/\\r\\nX-Injected: 1\", host: \"a\\r\\nb\" }") },
        { "dns query", Config(target1: "{ address: 100.64.250.1, method: dns, query: '..' }") },
        { "hooks directory", Config(tail: "hooks:\n  directory: \"/tmp/x\\ny\"") },
    };

    [NamespaceTheory]
    [MemberData(nameof(Configs))]
    public async Task A_hostile_value_fails_check_or_applies_touching_nothing_else(string what, string yaml)
    {
        await kernel.ResetAsync();
        await kernel.Runner.RunAsync(["nft", "delete", "table", "ip", "foreign"], null, CancellationToken.None);
        await kernel.Runner.RunAsync(["nft", "-f", "-"], Foreign, CancellationToken.None);
        await kernel.Runner.RunAsync(["ip", "route", "replace", "198.51.100.0/24", "via", "10.1.0.1", "dev", "wan1", "table", "500"], null, CancellationToken.None);
        await kernel.Runner.RunAsync(["ip", "rule", "add", "priority", "30000", "from", "198.51.100.0/24", "lookup", "500"], null, CancellationToken.None);
        try
        {
            var before = await ForeignStateAsync();
            Assert.Contains("table ip foreign", before, StringComparison.Ordinal);
            Assert.Contains("198.51.100.0/24 via 10.1.0.1 dev wan1 table 500", before, StringComparison.Ordinal);
            await File.WriteAllTextAsync(_file, yaml);

            var check = await RunAsync("check", "--config", _file);
            AssertSafeOutput(what, check);
            if (check.Succeeded)
            {
                var apply = await RunAsync("apply", "--config", _file);
                AssertSafeOutput(what, apply);
                Assert.Equal(before, await ForeignStateAsync());
                Assert.True(apply.Succeeded || apply.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 3, $"{what}: {apply.Stderr}");
            }

            var cleanup = await kernel.Applier(KernelLab.Balanced()).CleanupAsync(CancellationToken.None);
            Assert.True(cleanup.Succeeded, cleanup.Error);
            Assert.Equal(before, await ForeignStateAsync());
        }
        finally
        {
            await kernel.Runner.RunAsync(["ip", "rule", "del", "priority", "30000"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["ip", "route", "flush", "table", "500"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["nft", "delete", "table", "ip", "foreign"], null, CancellationToken.None);
        }
    }

    public void Dispose() => File.Delete(_file);

    private static string Config(
        string name1 = "wan1", string interface1 = "wan1", string extra1 = "", string target1 = "100.64.250.1", string lan = "[lan0]", string tail = "") => $"""
        lan: {lan}
        links:
          - name: {name1}
            interface: {interface1}
            targets: [{target1}, 100.64.250.3]
            {extra1}
          - name: wan2
            interface: wan2
            targets: [100.64.250.2, 100.64.250.3]
        {tail}
        """;

    private static void AssertSafeOutput(string what, CommandResult result)
    {
        foreach (var line in (result.Stdout + result.Stderr).Split('\n'))
        {
            Assert.False(SafeText.NeedsEscape(line), $"{what}: raw control character in output line: {SafeText.Escape(line)}");
        }
    }

    /// <summary>
    /// Everything in the router namespace that is not multiwan's: other nft tables, every IPv4 route (multiwan is
    /// IPv4-only; IPv6 link-local routes come and go with the lab's carrier resets) and rule not tagged with its protocol.
    /// </summary>
    private async Task<string> ForeignStateAsync()
    {
        var tables = (await kernel.Must("nft", "list", "tables")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t != "table inet multiwan").Order(StringComparer.Ordinal).ToList();
        var listed = new List<string>();
        foreach (var table in tables)
        {
            listed.Add((await kernel.Must(["nft", "list", .. table.Split(' ')])).Stdout);
        }

        var routes = (await kernel.Must("ip", "-4", "-o", "route", "show", "table", "all")).Stdout.Split('\n').Where(l => !l.Contains(" proto 211", StringComparison.Ordinal));
        var rules = (await kernel.Must("ip", "-o", "rule", "show")).Stdout.Split('\n').Where(l => !l.Contains(" proto 211", StringComparison.Ordinal));
        return string.Join('\n', [.. listed, .. routes, .. rules]);
    }

    private Task<CommandResult> RunAsync(params string[] arguments) =>
        kernel.Runner.RunAsync([.. MultiwanBinary.Command(AppContext.BaseDirectory), .. arguments], null, CancellationToken.None);
}
