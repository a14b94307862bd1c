using Multiwan.Lab;
using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Packaging;

/// <summary>
/// The native daemon under the unit's restrictions, in the namespace lab. systemd is not PID 1 on the test machines,
/// so <c>systemd-run --property=...</c> cannot apply the unit; instead the daemon runs under what the unit's lines
/// mean, read from <c>packaging/multiwan.service</c>: its <c>SystemCallFilter=</c> groups expanded by
/// <c>systemd-analyze syscall-filter</c> (everything else fails with EPERM), <c>MemoryDenyWriteExecute=yes</c> as the
/// seccomp rules systemd installs, <c>NoNewPrivileges</c> (<c>packaging/sandbox/unit-sandbox.c</c>), and its
/// <c>CapabilityBoundingSet=</c> (<c>setpriv --bounding-set</c>). Not reproduced: the file-system and namespace
/// properties (ProtectSystem, PrivateTmp, ...), which need systemd's mount namespace.
/// </summary>
public sealed class UnitSandboxTests
{
    [PackageFact(PackageFactAttribute.NativeBinary)]
    public async Task The_native_daemon_detects_failover_under_the_units_syscall_filter_memory_and_capability_limits()
    {
        var bin = Environment.GetEnvironmentVariable(PackageFactAttribute.NativeBinary)!;
        var unit = File.ReadAllLines(Path.Combine(Tool.Repository, "packaging", "multiwan.service"));
        Assert.Contains("MemoryDenyWriteExecute=yes", unit);
        using var dir = new TempDirectory();
        var sandbox = dir.Combine("unit-sandbox");
        var cc = await Tool.RunAsync("cc", ["-O2", "-o", sandbox, Path.Combine(Tool.Repository, "packaging", "sandbox", "unit-sandbox.c"), "-lseccomp"]);
        Assert.True(cc.Exit == 0, cc.Output);
        var allowed = await AllowedSyscallsAsync(unit);
        var capabilities = unit.Single(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal))["CapabilityBoundingSet=".Length..]
            .Split(' ').Select(c => "+" + c["CAP_".Length..].ToLowerInvariant());
        IReadOnlyList<string> command = ["setpriv", "--bounding-set", string.Join(',', ["-all", .. capabilities]), sandbox, .. allowed, "--", bin];

        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 }, CancellationToken.None);
        await using var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { Weights = [1, 1] }, command, CancellationToken.None);
        foreach (var isp in lab.Isps)
        {
            Assert.True(await daemon.WaitForStateAsync(isp.RouterDevice, TimeSpan.FromSeconds(30), CancellationToken.None, LinkState.Online) is not null, daemon.Tail());
        }

        var table = await Tool.RunAsync("ip", ["netns", "exec", lab.RouterNamespace, "nft", "list", "table", "inet", "multiwan"]);
        Assert.True(table.Exit == 0, table.Output + daemon.Tail());
        await lab.Faults.SetUpstreamDeadAsync(1, true);
        Assert.True(await daemon.WaitForStateAsync(lab.Isps[0].RouterDevice, TimeSpan.FromSeconds(20), CancellationToken.None, LinkState.Offline) is not null, daemon.Tail());
        Assert.Equal(LinkState.Online, await daemon.StateAsync(lab.Isps[1].RouterDevice, CancellationToken.None));
        Assert.False(daemon.HasExited, daemon.Tail());
    }

    /// <summary>The unit's allow-list groups minus its <c>~</c> groups, each expanded to system call names.</summary>
    private static async Task<List<string>> AllowedSyscallsAsync(string[] unit)
    {
        var filters = unit.Where(l => l.StartsWith("SystemCallFilter=", StringComparison.Ordinal)).Select(l => l["SystemCallFilter=".Length..]).ToList();
        Assert.NotEmpty(filters);
        var allow = new SortedSet<string>(StringComparer.Ordinal);
        var deny = new HashSet<string>(StringComparer.Ordinal);
        foreach (var filter in filters)
        {
            ISet<string> target = filter.StartsWith('~') ? deny : allow;
            foreach (var item in filter.TrimStart('~').Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                await ExpandAsync(item, target);
            }
        }

        allow.ExceptWith(deny);
        return [.. allow];
    }

    private static async Task ExpandAsync(string item, ISet<string> into)
    {
        if (!item.StartsWith('@'))
        {
            into.Add(item);
            return;
        }

        var (exit, output) = await Tool.RunAsync("systemd-analyze", ["syscall-filter", "--no-pager", item]);
        Assert.True(exit == 0, output);
        foreach (var line in output.Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            await ExpandAsync(line, into);
        }
    }
}
