using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using CsCheck;
using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.System;
using Multiwan.Text;
using Multiwan.Tracking;

namespace Multiwan.Configuration;

/// <summary>
/// Issue 10's fuzz tests, config part: thousands of mutated configs (YAML and balance.conf, <see cref="ConfigMutator"/>)
/// from a fixed seed. No exception escapes the loader or the planner, every error and warning has the
/// <c>file:line: path: message</c> form with no raw control character, and every accepted config's nft script
/// holds no object twice and passes <c>nft -c</c> (one batch per hundred scripts, in a namespace of its own).
/// </summary>
public sealed partial class ConfigFuzzTests
{
    /// <summary>Per seed kind (YAML, balance.conf): the run covers twice this many configs.</summary>
    private const int Iterations = 2000;

    /// <summary>CsCheck's seed for the first iteration: the same configs every run (a failure prints its own seed).</summary>
    private const string Seed = "69LcWk0Cc181";

    [GeneratedRegex(@"^fuzz\.(yaml|conf):[0-9]+: [^ ][^\n]*?: [^\n]+$")]
    private static partial Regex DiagnosticForm();

    [GeneratedRegex(@"^\s*(chain|set|map) ([A-Za-z0-9_-]+) \{", RegexOptions.Multiline)]
    private static partial Regex ObjectDeclaration();

    private static readonly Dictionary<string, LinkState> NoStates = [];

    [Fact]
    public void Mutated_configs_never_throw_and_every_message_has_file_line_path() =>
        Assert.True(Run().Count > 0, "no mutated config was accepted: the generator only makes noise");

    [NamespaceFact]
    public async Task Every_accepted_mutated_config_plans_an_nft_script_nft_accepts()
    {
        var scripts = Run();
        Assert.True(scripts.Count >= 200, $"only {scripts.Count} accepted configs");

        var ns = $"mwt-fuzz-{Guid.NewGuid().ToString("N")[..8]}";
        var host = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(20));
        var inside = new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(60), ns);
        Assert.True((await host.RunAsync(["ip", "netns", "add", ns], null, CancellationToken.None)).Succeeded, $"ip netns add {ns}");
        try
        {
            foreach (var batch in scripts.Chunk(100))
            {
                // Each script gets its own table so one transaction holds a hundred independent rulesets.
                var text = new StringBuilder();
                for (var i = 0; i < batch.Length; i++)
                {
                    text.Append(batch[i].Script.Replace("inet multiwan", $"inet mwfuzz{i}", StringComparison.Ordinal)).Append('\n');
                }

                var check = await inside.RunAsync(["nft", "-c", "-f", "-"], text.ToString(), CancellationToken.None);
                Assert.True(check.Succeeded, $"nft -c rejected a batch: {check.Stderr}");
            }
        }
        finally
        {
            await host.RunAsync(["ip", "netns", "del", ns], null, CancellationToken.None);
        }
    }

    /// <summary>Loads (and plans) every mutated config, asserting the loader's promises; returns the accepted configs' scripts.</summary>
    private static List<(string Text, string Script)> Run()
    {
        var accepted = new ConcurrentBag<(string Text, string Script)>();
        var examples = Path.Combine(RepositoryPaths.Root, "examples");
        var yaml = Directory.GetFiles(examples, "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var conf = Directory.GetFiles(examples, "*.conf").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        Assert.True(yaml.Count >= 3 && conf.Count >= 1, "the examples are the fuzz seeds");

        foreach (var (seeds, file) in new[] { (yaml, "fuzz.yaml"), (conf, "fuzz.conf") })
        {
            ConfigMutator.Mutations(seeds).Sample(
                sample =>
                {
                    var result = ConfigLoader.Parse(sample.Text, file);
                    foreach (var diagnostic in result.Errors.Concat(result.Warnings))
                    {
                        var line = diagnostic.ToString();
                        Assert.False(SafeText.NeedsEscape(line), $"raw control character in: {SafeText.Escape(line)}");
                        Assert.Matches(DiagnosticForm(), line);
                    }

                    if (result.IsValid)
                    {
                        var script = KernelPlanner.Plan(result.Config!, NoStates, new Dictionary<string, LinkFacts>()).NftScript;
                        var objects = ObjectDeclaration().Matches(script).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}").ToList();
                        Assert.Equal(objects.Count, objects.Distinct(StringComparer.Ordinal).Count());
                        accepted.Add((sample.Text, script));
                    }
                },
                seed: Seed,
                iter: Iterations,
                threads: 1);
        }

        return [.. accepted];
    }
}
