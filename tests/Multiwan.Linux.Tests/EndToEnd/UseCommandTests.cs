using Multiwan.Lab;

namespace Multiwan.EndToEnd;

/// <summary>
/// <c>multiwan use LINK -- CMD</c> on the real kernel: the router's links are balanced 1:1, yet every connection the
/// command opens leaves by the named link; the cgroup and the nft table are gone afterwards.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class UseCommandTests(EndToEndLab e2e)
{
    [NamespaceTheory]
    [InlineData("wan1", 1)]
    [InlineData("wan2", 2)]
    public async Task Every_connection_of_the_command_leaves_by_the_named_link(string link, int isp)
    {
        await e2e.ResetAsync();
        var lab = e2e.Lab;
        var before = (lab.Tcp!.Connections[lab.Isp(1).InternetAddress], lab.Tcp.Connections[lab.Isp(2).InternetAddress]);

        // Six connections from one command: by chance alone (balanced 1:1) all six on one ISP is 1 in 32.
        var script = string.Concat(Enumerable.Range(0, 6).Select(i =>
            $"exec 3<>/dev/tcp/{lab.Targets[i % 3]}/{LabTopology.TcpPort} && echo hi >&3 && read -t 2 line <&3 && exec 3<&- && "));
        // nsenter, not ip netns exec: the latter remounts /sys, hiding the cgroup v2 hierarchy the command needs.
        var run = await LabProbe.RunAsync(
            ["nsenter", $"--net={Netns.PathOf(lab.RouterNamespace)}", .. MultiwanBinary.Command(AppContext.BaseDirectory),
            "use", link, "--config", e2e.Daemon.ConfigPath, "--", "bash", "-c", script + "echo done"]);

        Assert.True(run.Succeeded, run.Describe());
        Assert.Equal("done", run.Stdout.Trim());
        var after = (lab.Tcp.Connections[lab.Isp(1).InternetAddress] - before.Item1, lab.Tcp.Connections[lab.Isp(2).InternetAddress] - before.Item2);
        Assert.Equal(isp == 1 ? (6, 0) : (0, 6), after);

        var tables = await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "tables");
        Assert.DoesNotContain("multiwan_use", tables.Stdout, StringComparison.Ordinal);
        Assert.All(new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" }.Where(Directory.Exists), root =>
            Assert.Empty(Directory.GetDirectories(root, "multiwan-use-*")));
    }

    [NamespaceFact]
    public async Task A_scope_left_by_a_use_killed_with_sigkill_is_removed_by_the_next_use_and_a_live_one_is_kept()
    {
        await e2e.ResetAsync();
        var lab = e2e.Lab;
        var root = new[] { "/sys/fs/cgroup/unified", "/sys/fs/cgroup" }.First(r => File.Exists(Path.Combine(r, "cgroup.procs")));
        using var gone = global::System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync();
        var deadPid = gone.Id; // Exited and reaped: what a SIGKILLed 'use' leaves is a cgroup named after a pid that no longer runs.
        var stale = Path.Combine(root, $"multiwan-use-{deadPid}");
        var live = Path.Combine(root, $"multiwan-use-{Environment.ProcessId}"); // This test process: alive, so never swept.
        Directory.CreateDirectory(stale);
        Directory.CreateDirectory(live);
        try
        {
            Assert.True((await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "add", "table", "inet", $"multiwan_use_{deadPid}")).Succeeded);

            var run = await LabProbe.RunAsync(
                ["nsenter", $"--net={Netns.PathOf(lab.RouterNamespace)}", .. MultiwanBinary.Command(AppContext.BaseDirectory),
                "use", "wan1", "--config", e2e.Daemon.ConfigPath, "--", "true"]);

            Assert.True(run.Succeeded, run.Describe());
            Assert.Contains($"pid {deadPid}, gone", run.Stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(stale));
            Assert.True(Directory.Exists(live));
            var tables = await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "tables");
            Assert.DoesNotContain($"multiwan_use_{deadPid}", tables.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var directory in new[] { stale, live }.Where(Directory.Exists))
            {
                Directory.Delete(directory);
            }

            await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "delete", "table", "inet", $"multiwan_use_{deadPid}");
        }
    }
}
