using System.Text.RegularExpressions;
using Multiwan.Cli;
using Multiwan.Lab;
using Multiwan.System;

namespace Multiwan.EndToEnd;

/// <summary><c>multiwan demo</c> (the README's first command) as a user runs it: it fails over, recovers, exits 0 and leaves nothing behind.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class DemoCommandTests
{
    [NamespaceFact]
    public async Task Demo_shows_failover_and_recovery_exits_0_and_deletes_its_lab()
    {
        var outcome = await MultiwanCli.RunProcessAsync("demo");

        Assert.True(outcome.ExitCode == 0, $"demo exited {outcome.ExitCode}:\n{outcome.Stdout}\n{outcome.Stderr}");
        Assert.Contains("every stream and every new connection now leaves through ISP2", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("new connections are balanced over both ISPs again", outcome.Stdout, StringComparison.Ordinal);
        var prefix = LabPrefix().Match(outcome.Stdout);
        Assert.True(prefix.Success, "the demo names its namespaces");
        var namespaces = await new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(10)).RunAsync(["ip", "netns", "list"], null, CancellationToken.None);
        Assert.DoesNotContain(prefix.Groups[1].Value + "-", namespaces.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"deleting namespaces (mwlab-[0-9a-f]{6})-\*")]
    private static partial Regex LabPrefix();
}
