using Multiwan.Lab;
using Multiwan.Tracking;
using Xunit.Abstractions;

namespace Multiwan.Daemon;

/// <summary>
/// The daemon programs the kernel in-process (libnftables, rtnetlink, ctnetlink): with no hooks configured it starts
/// no process at all, across start-up and a full fault-and-recovery cycle (carrier lost and back, upstream dead and
/// back). Counted for real: the lab daemon runs under <c>strace -f</c>, tracing every way to create or replace a process.
/// </summary>
public sealed class NoChildProcessTests(ITestOutputHelper output)
{
    [NamespaceFact]
    public async Task No_process_is_started_by_the_daemon_across_a_fault_and_recovery_cycle()
    {
        LabTopology.CleanupLeftovers();
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
        var trace = Path.Combine(Path.GetTempPath(), $"{lab.Prefix}-strace.txt");
        string log;
        try
        {
            var multiwan = MultiwanBinary.Command(AppContext.BaseDirectory);
            IReadOnlyList<string> command =
            [
                "strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=execve,execveat,fork,vfork,clone,clone3", "-o", trace,
                .. multiwan,
            ];
            await using (var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { Weights = [1, 1] }, command, CancellationToken.None))
            {
                await StateAsync(daemon, LinkState.Online);
                await lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
                await StateAsync(daemon, LinkState.Offline);
                await lab.Faults.SetCarrierAsync(1, up: true, LabSide.Isp);
                await StateAsync(daemon, LinkState.Online);
                await lab.Faults.SetUpstreamDeadAsync(1, dead: true);
                await StateAsync(daemon, LinkState.Offline);
                await lab.Faults.SetUpstreamDeadAsync(1, dead: false);
                await StateAsync(daemon, LinkState.Online);
                log = await File.ReadAllTextAsync(daemon.LogPath);
            }

            var lines = await File.ReadAllLinesAsync(trace);
            var execs = lines.Where(l => l.Contains(" execve(", StringComparison.Ordinal) || l.Contains(" execveat(", StringComparison.Ordinal)).ToList();
            var spawns = lines.Where(l =>
                l.Contains(" fork(", StringComparison.Ordinal) || l.Contains(" vfork(", StringComparison.Ordinal)
                || ((l.Contains(" clone(", StringComparison.Ordinal) || l.Contains(" clone3(", StringComparison.Ordinal)) && !l.Contains("CLONE_THREAD", StringComparison.Ordinal))).ToList();
            var applies = log.Split('\n').Count(l => l.Contains("[#] nft -f -", StringComparison.Ordinal));
            output.WriteLine($"{lines.Length} traced calls, {execs.Count} execve, {spawns.Count} process clones, {applies} nft transactions");

            // The one execve is strace starting the daemon itself; every apply happened under the trace.
            Assert.True(execs.Count == 1 && execs[0].Contains(Path.GetFileName(multiwan[0]), StringComparison.Ordinal), string.Join('\n', execs));
            Assert.True(spawns.Count == 0, string.Join('\n', spawns));
            Assert.True(applies >= 5, $"expected an apply at start and on each of the 4 changes, saw {applies}:\n{log}");
            Assert.Contains("conntrack: deleted", log, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(trace);
        }
    }

    private static async Task StateAsync(LabDaemon daemon, LinkState state) =>
        Assert.True(await daemon.WaitForStateAsync("wan1", TimeSpan.FromSeconds(30), CancellationToken.None, state) is not null, $"wan1 never became {state}");
}
