using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

public sealed class LinuxKernelTests
{
    private static readonly MultiwanConfig Config = new()
    {
        Lan = ["lan0"],
        Links =
        [
            new LinkConfig { Name = "wan1", Interface = "wan1", Targets = [new TargetConfig { Address = "100.64.250.1" }] },
            new LinkConfig { Name = "wan2", Interface = "wan2", Targets = [new TargetConfig { Address = "100.64.250.1" }] },
        ],
    };

    private static readonly Dictionary<string, LinkFacts> Facts = new()
    {
        ["wan1"] = new LinkFacts { Device = "wan1", Address = IPAddress.Parse("10.1.0.2"), PrefixLength = 30, Gateway = IPAddress.Parse("10.1.0.1") },
        ["wan2"] = new LinkFacts { Device = "wan2", Address = IPAddress.Parse("10.2.0.2"), PrefixLength = 30, Gateway = IPAddress.Parse("10.2.0.1") },
    };

    [Fact]
    public async Task A_link_that_goes_down_right_after_a_reload_still_loses_its_conntrack_entries()
    {
        var runner = new RecordingRunner();
        var kernel = new LinuxKernel(runner, NullLogger.Instance);
        var up = new Dictionary<string, LinkState> { ["wan1"] = LinkState.Online, ["wan2"] = LinkState.Online };
        Assert.True((await kernel.ApplyAsync(Config, KernelPlanner.Plan(Config, up, Facts), up, CancellationToken.None)).Succeeded);

        // A reload hands over a new config object (same links); the next apply takes wan1 down.
        var reloaded = Config with { };
        var down = new Dictionary<string, LinkState> { ["wan1"] = LinkState.Offline, ["wan2"] = LinkState.Online };
        var result = await kernel.ApplyAsync(reloaded, KernelPlanner.Plan(reloaded, down, Facts), down, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var wan1Mark = KernelPlanner.Plan(reloaded, down, Facts).Links.Single(l => l.Name == "wan1").Mark;
        Assert.Contains(runner.Commands, argv => argv[0] == "conntrack" && argv.Contains($"0x{wan1Mark:x}/0x{Config.Kernel.MarkMask:x}"));
        Assert.DoesNotContain(runner.Commands, argv => argv[0] == "conntrack" && !argv.Contains($"0x{wan1Mark:x}/0x{Config.Kernel.MarkMask:x}"));
    }

    /// <summary>Every command succeeds with empty output; the argv lists are kept in order.</summary>
    private sealed class RecordingRunner : ICommandRunner
    {
        public List<IReadOnlyList<string>> Commands { get; } = [];

        public Task<CommandResult> RunAsync(IReadOnlyList<string> argv, string? stdin, CancellationToken cancellationToken)
        {
            lock (Commands)
            {
                Commands.Add(argv);
            }

            var stdout = argv.Count > 1 && argv[1] == "-j" ? (argv[0] == "nft" ? """{"nftables": []}""" : "[]") : "";
            var stderr = argv[0] == "conntrack" ? "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been deleted." : "";
            return Task.FromResult(new CommandResult(argv, argv[0] == "conntrack" ? 1 : 0, stdout, stderr, false));
        }
    }
}
