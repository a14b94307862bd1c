using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Kernel.Nft;
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
        using var io = new RecordingKernelIo();
        var kernel = new LinuxKernel(io, NullLogger.Instance);
        var up = new Dictionary<string, LinkState> { ["wan1"] = LinkState.Online, ["wan2"] = LinkState.Online };
        Assert.True((await kernel.ApplyAsync(Config, KernelPlanner.Plan(Config, up, Facts), up, new Dictionary<string, LinkState>(), CancellationToken.None)).Succeeded);

        // A reload hands over a new config object (same links); the next apply takes wan1 down.
        var reloaded = Config with { };
        var down = new Dictionary<string, LinkState> { ["wan1"] = LinkState.Offline, ["wan2"] = LinkState.Online };
        var result = await kernel.ApplyAsync(reloaded, KernelPlanner.Plan(reloaded, down, Facts), down, new Dictionary<string, LinkState>(), CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var wan1Mark = KernelPlanner.Plan(reloaded, down, Facts).Links.Single(l => l.Name == "wan1").Mark;
        Assert.Contains((wan1Mark, Config.Kernel.MarkMask), io.ConntrackDeletions);
        Assert.DoesNotContain(io.ConntrackDeletions, d => d != (wan1Mark, Config.Kernel.MarkMask));
    }

    /// <summary>An empty kernel that accepts everything and records the conntrack deletions asked of it.</summary>
    private sealed class RecordingKernelIo : IKernelIo
    {
        public List<(uint Mark, uint Mask)> ConntrackDeletions { get; } = [];

        public Task<NftOutcome> NftAsync(string script, NftMode mode, CancellationToken cancellationToken) =>
            Task.FromResult(new NftOutcome(0, mode == NftMode.Json ? """{"nftables": []}""" : "", ""));

        public Task<(IReadOnlyList<KernelRoute> Routes, string? Error)> ReadRoutesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<KernelRoute>, string?)>(([], null));

        public Task<(IReadOnlyList<KernelRule> Rules, string? Error)> ReadRulesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<KernelRule>, string?)>(([], null));

        public Task<(IReadOnlyList<KernelInterface> Interfaces, string? Error)> ReadInterfacesAsync(CancellationToken cancellationToken) =>
            Task.FromResult<(IReadOnlyList<KernelInterface>, string?)>(([], null));

        public Task<IReadOnlyList<string?>> ChangeRoutesAsync(IReadOnlyList<RouteChange> changes, int protocol, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<string?>>(new string?[changes.Count]);

        public Task<(int Deleted, string? Error)> DeleteConntrackAsync(uint mark, uint mask, global::System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken)
        {
            lock (ConntrackDeletions)
            {
                ConntrackDeletions.Add((mark, mask));
            }

            return Task.FromResult((0, (string?)null));
        }

        public void Dispose()
        {
        }
    }
}
