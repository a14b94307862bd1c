using System.Text.Json;
using CsCheck;
using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Support;
using Multiwan.System;
using Multiwan.Tracking;
using Xunit.Abstractions;

namespace Multiwan.Kernel;

/// <summary>
/// The property of issue 10 item 1: no value changes the nft script's structure. Random configs whose names,
/// devices, LAN devices, rule prefixes and ports mix ordinary and hostile strings (quotes, wildcards, newlines,
/// braces, semicolons, any Unicode) are planned; each either is refused with <see cref="NftValueException"/>, or
/// its script is applied for real in a throwaway namespace and the ruleset nft parsed back (<c>nft -j</c>) has
/// exactly the chains the config implies, exactly as many rules in each as the config implies, only configured
/// interface names in <c>iifname</c>/<c>oifname</c> (never a wildcard), and a foreign table beside it left as it was.
/// </summary>
public sealed class NftStructurePropertyTests
{
    private const string Foreign = """
        table ip foreign {
        	chain input {
        		type filter hook input priority filter; policy accept;
        		iifname "eth0" counter accept
        	}
        }
        """;

    private static readonly string[] Hostile = ["e\"0", "*", "eth*", "a\nb", "a b", "x;y", "}", "a{", "#c", "e\\", "-", "a\u001b[2J", "é", "\"", ""];

    private static readonly Gen<string> Name = Gen.Frequency(
        (20, Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_"], 1, 12].Select(s => "l" + s)),
        (1, Gen.OneOf(Hostile)),
        (1, Gen.String));

    private static readonly Gen<string> Device = Gen.Frequency(
        (20, Gen.Select(Gen.OneOf("eth", "wan", "ppp", "wwan", "br-", "x.y@"), Gen.Int[0, 99_999], (p, n) => $"{p}{n}")),
        (1, Gen.OneOf(Hostile)),
        (1, Gen.String[Gen.Char[(char)0, (char)0x7f], 0, 20]));

    private static readonly Gen<string> Prefix = Gen.Frequency(
        (20, Gen.Select(Gen.Int[0, 255], Gen.Int[0, 255], Gen.Int[0, 32], (a, b, bits) => $"10.{a}.{b}.0/{bits}")),
        (1, Gen.OneOf("10.0.0.0/8 } accept", "10.0.0.1\n", "10.0.0.0/33", "::1", "10.0.0", "1.2.3.4/", "0x0a.0.0.1")),
        (1, Gen.String[Gen.Char["0123456789./ "], 0, 20]));

    private static readonly Gen<string> Port = Gen.Frequency(
        (20, Gen.Select(Gen.Int[0, 65535], Gen.Int[0, 100], (p, span) => span == 0 || p + span > 65535 ? $"{p}" : $"{p}-{p + span}")),
        (1, Gen.OneOf("25 accept", "70000", "20-10", "-1", "1,2", "")));

    private static readonly Gen<MultiwanConfig> Config =
        Gen.Select(
            Gen.Select(Name, Device, Gen.OneOf(NatMode.Masquerade, NatMode.Snat, NatMode.None), (name, device, nat) => (name, device, nat)).Array[1, 3],
            Device.Array[0, 2],
            Gen.Select(Name, Prefix.Array[0, 2], Port.Array[0, 2], (name, src, ports) => (name, src, ports)).Array[0, 2],
            (links, lan, rules) => new MultiwanConfig
            {
                Lan = lan,
                Links = [.. links.Select((l, i) => new LinkConfig
                {
                    Name = l.name, Interface = l.device, Nat = l.nat, Source = l.nat == NatMode.Snat ? $"10.{i}.0.2" : null, Gateway = $"10.{i}.0.1",
                    Targets = [new TargetConfig { Address = "192.0.2.1" }],
                })],
                Rules = [.. rules.Select(r => new RuleConfig
                {
                    Name = r.name, Src = r.src, Protocol = r.ports.Length > 0 ? RuleProtocol.Tcp : RuleProtocol.Any, DstPort = r.ports, Use = links[0].name,
                })],
            })
        .Where(c => c.Links.Select(l => l.Name.Replace('-', '_')).Concat(c.Rules.Select(r => r.Name.Replace('-', '_'))).Distinct().Count() == c.Links.Count + c.Rules.Count
            && c.Links.All(l => l.Name != "default"));

    private readonly ITestOutputHelper _output;

    public NftStructurePropertyTests(ITestOutputHelper output) => _output = output;

    [NamespaceFact]
    public async Task No_value_changes_the_structure_of_the_applied_ruleset()
    {
        var ns = $"mwt-prop-{Guid.NewGuid().ToString("N")[..8]}";
        var host = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20));
        var inside = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20), ns);
        Assert.True((await host.RunAsync(["ip", "netns", "add", ns], null, CancellationToken.None)).Succeeded, $"ip netns add {ns}");
        var (refused, applied) = (0, 0);
        try
        {
            Assert.True((await inside.RunAsync(["nft", "-f", "-"], Foreign, CancellationToken.None)).Succeeded);
            var foreignBefore = (await inside.RunAsync(["nft", "list", "table", "ip", "foreign"], null, CancellationToken.None)).Stdout;

            await SeededFuzz.RunAsync(Config, 300, 20261201, async config =>
            {
                var states = config.Links.ToDictionary(l => l.Name, _ => LinkState.Online);
                string script;
                try
                {
                    script = KernelPlanner.Plan(config, states, new Dictionary<string, LinkFacts>()).NftScript;
                }
                catch (NftValueException e)
                {
                    refused++;
                    Assert.Contains("cannot be written into the nft script", e.Message, StringComparison.Ordinal);
                    return;
                }

                applied++;
                var apply = await inside.RunAsync(["nft", "-f", "-"], "table inet multiwan {}\ndelete table inet multiwan\n" + script, CancellationToken.None);
                Assert.True(apply.Succeeded, $"nft -f rejected an accepted plan: {apply.Stderr}\n{script}");
                var listed = await inside.RunAsync(["nft", "-j", "list", "table", "inet", "multiwan"], null, CancellationToken.None);
                Assert.True(listed.Succeeded, listed.Stderr);
                AssertStructure(config, listed.Stdout);
            }, Describe);

            Assert.Equal(foreignBefore, (await inside.RunAsync(["nft", "list", "table", "ip", "foreign"], null, CancellationToken.None)).Stdout);
            var tables = await inside.RunAsync(["nft", "list", "tables"], null, CancellationToken.None);
            Assert.Equal(["table inet multiwan", "table ip foreign"], tables.Stdout.Split("\n", StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        }
        finally
        {
            await host.RunAsync(["ip", "netns", "del", ns], null, CancellationToken.None);
        }

        _output.WriteLine($"refused {refused}, applied {applied}");

        // Both sides of the property must actually be exercised.
        Assert.True(refused >= 80 && applied >= 80, $"refused {refused}, applied {applied}");
    }

    /// <summary>The chains and rule counts the config implies (every link online, no facts, no sticky rules).</summary>
    private static void AssertStructure(MultiwanConfig config, string json)
    {
        var ids = config.Links.Select(l => l.Name.Replace('-', '_')).ToList();
        // A catch-all rule ends decide: the rules after it and the final goto policy_default are not rendered.
        var catchAll = config.Rules.ToList().FindIndex(NftDecisionRenderer.MatchesEverything);
        var decideRules = catchAll < 0 ? config.Rules.Count + 1 : catchAll + 1;
        var expected = new Dictionary<string, int>
        {
            ["prerouting"] = config.Links.Count + 1,
            ["output"] = 4,
            ["postrouting"] = config.Links.Count(l => l.Nat != NatMode.None),
            ["decide"] = 2 + 1 + decideRules,
            ["policy_default"] = 1,
        };
        foreach (var id in ids)
        {
            expected["mark_" + id] = 3;
            expected["restore_" + id] = 2;
        }

        using var doc = JsonDocument.Parse(json);
        var items = doc.RootElement.GetProperty("nftables").EnumerateArray().ToList();
        var chains = items.Where(i => i.TryGetProperty("chain", out _)).Select(i => i.GetProperty("chain").GetProperty("name").GetString()!).ToList();
        var rules = items.Where(i => i.TryGetProperty("rule", out _)).Select(i => i.GetProperty("rule")).ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), chains.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.True(
            rules.Count(r => r.GetProperty("chain").GetString() == e.Key) == e.Value,
            $"chain {e.Key}: expected {e.Value} rules, nft has {rules.Count(r => r.GetProperty("chain").GetString() == e.Key)}"));
        Assert.DoesNotContain(items, i => i.TryGetProperty("set", out _));

        var devices = config.Links.Select(l => LinkResolver.DeviceOf(l.Interface)).Concat(config.Lan.Select(LinkResolver.DeviceOf)).Append("lo").ToHashSet();
        foreach (var name in InterfaceNames(doc.RootElement))
        {
            Assert.Contains(name, devices);
            Assert.DoesNotContain('*', name); // nft lists a wildcard as "eth*" (a literal star would be "eth\\*")
        }
    }

    /// <summary>Every string compared with <c>meta iifname</c> or <c>meta oifname</c> anywhere in the ruleset.</summary>
    private static IEnumerable<string> InterfaceNames(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("match", out var match)
                && match.GetProperty("left").TryGetProperty("meta", out var meta)
                && meta.GetProperty("key").GetString() is "iifname" or "oifname")
            {
                var right = match.GetProperty("right");
                foreach (var value in right.ValueKind == JsonValueKind.String ? [right] : right.GetProperty("set").EnumerateArray().ToArray())
                {
                    yield return value.GetString()!;
                }
            }

            foreach (var property in element.EnumerateObject())
            {
                foreach (var name in InterfaceNames(property.Value))
                {
                    yield return name;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var name in InterfaceNames(item))
                {
                    yield return name;
                }
            }
        }
    }

    private static string Describe(MultiwanConfig c) => Text.SafeText.Escape(
        $"links [{string.Join(", ", c.Links.Select(l => $"{l.Name}@{l.Interface} {l.Nat}"))}] lan [{string.Join(", ", c.Lan)}] rules [{string.Join(", ", c.Rules.Select(r => $"{r.Name} src {string.Join('|', r.Src)} ports {string.Join('|', r.DstPort)}"))}]");
}
