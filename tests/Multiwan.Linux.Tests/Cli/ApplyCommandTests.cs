using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.System;

namespace Multiwan.Cli;

/// <summary><c>multiwan apply</c> and <c>multiwan cleanup</c>, run for real inside the lab's router namespace.</summary>
public sealed class ApplyCommandTests(KernelLab kernel) : IClassFixture<KernelLab>, IDisposable
{
    private static readonly string StateDirectory = Path.Combine(Path.GetTempPath(), $"multiwan-apply-state-{Guid.NewGuid():N}");

    // Its own state directory: apply remembers the links' slots (identities.json) there, never in /var/lib/multiwan.
    private static readonly string Config = $"""
        mode: balanced
        daemon:
          state_directory: {StateDirectory}
        lan: [lan0]
        links:
          - name: wan1
            interface: wan1
            weight: 1
            targets: [100.64.250.1, 100.64.250.3]
          - name: wan2
            interface: wan2
            weight: 3
            targets: [100.64.250.2, 100.64.250.3]
        """;

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"multiwan-apply-{Guid.NewGuid():N}.yaml");

    [NamespaceFact]
    public async Task Apply_prints_each_change_then_nothing_but_the_nft_transaction_and_cleanup_removes_it_all()
    {
        await kernel.ResetAsync();
        await File.WriteAllTextAsync(_file, Config);

        var first = await RunAsync("apply", "--config", _file);
        var second = await RunAsync("apply", "--config", _file);
        var table = await kernel.Must("nft", "list", "table", "inet", "multiwan");
        var cleanup = await RunAsync("cleanup", "--config", _file);

        Assert.True(first.Succeeded, first.Describe());
        Assert.StartsWith("[#] nft -f - (", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("[#] ip route replace default via 10.2.0.1 dev wan2 table 101 proto 211\n", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("[#] ip rule add fwmark 0x200/0xff00 table 101 priority 1001 proto 211\n", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("numgen random mod 4 vmap { 0 : goto mark_wan1, 1-3 : goto mark_wan2 }", table.Stdout, StringComparison.Ordinal);
        Assert.True(second.Succeeded, second.Describe());
        Assert.Single(second.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(cleanup.Succeeded, cleanup.Describe());
        Assert.Contains("[#] nft delete table inet multiwan\n", cleanup.Stdout, StringComparison.Ordinal);
        Assert.Contains("[#] ip rule del fwmark 0x200/0xff00 table 101 priority 1001 proto 211\n", cleanup.Stdout, StringComparison.Ordinal);
        Assert.Equal("[]", (await kernel.Must("ip", "-j", "route", "show", "table", "all", "proto", "211")).Stdout.Trim());
    }

    [NamespaceFact]
    public async Task Assuming_a_link_down_moves_new_traffic_off_it_and_a_foreign_rule_at_our_priority_is_one_error()
    {
        await kernel.ResetAsync();
        await File.WriteAllTextAsync(_file, Config);

        var down = await RunAsync("apply", "--config", _file, "--assume", "wan2=down");
        Assert.True(down.Succeeded, down.Describe());
        Assert.Contains("[#] conntrack -D --mark 0x200/0xff00", down.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, await kernel.ConnectManyAsync(kernel.Lab.LanNamespace, kernel.Lab.Targets[0], 10));
        Assert.Equal(10, kernel.Lab.Tcp!.Connections[kernel.Lab.Isp(1).InternetAddress]);

        await kernel.Applier(KernelLab.Balanced()).CleanupAsync(CancellationToken.None);
        await kernel.Must("ip", "rule", "add", "priority", "1101", "lookup", "main"); // wan2's source rule (slot 1)
        try
        {
            var refused = await RunAsync("apply", "--config", _file);
            Assert.Equal(1, refused.ExitCode);
            var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("multiwan: kernel resources already in use, nothing changed: ip rule priority 1101 is already used", line, StringComparison.Ordinal);
            Assert.False((await kernel.Runner.RunAsync(["nft", "list", "table", "inet", "multiwan"], null, CancellationToken.None)).Succeeded);
        }
        finally
        {
            await kernel.Runner.RunAsync(["ip", "rule", "del", "priority", "1101"], null, CancellationToken.None);
        }
    }

    public void Dispose()
    {
        File.Delete(_file);
        if (Directory.Exists(StateDirectory))
        {
            Directory.Delete(StateDirectory, recursive: true);
        }
    }

    private Task<CommandResult> RunAsync(params string[] arguments) =>
        kernel.Runner.RunAsync([.. MultiwanBinary.Command(AppContext.BaseDirectory), .. arguments], null, CancellationToken.None);
}
