using System.Net;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Lab;
using Multiwan.Support;
using Multiwan.Tracking;
using Xunit.Abstractions;

namespace Multiwan.Kernel;

/// <summary>Link down and back: connections on the healthy link survive, the dead link's conntrack entries go, failback on a metered backup.</summary>
public sealed class FailoverTests(KernelLab kernel, ITestOutputHelper output) : IClassFixture<KernelLab>
{
    private const uint Mask = 0xff00;
    private const uint MarkA = 0x100;
    private const uint MarkB = 0x200;

    private IPEndPoint Target => new(kernel.Lab.Targets[0], LabTopology.TcpPort);

    [NamespaceFact]
    public async Task A_long_lived_connection_on_b_keeps_moving_bytes_while_a_goes_down_and_comes_back()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        var updater = Updater(config);
        await ApplyAsync(updater, config, KernelLab.States(wan1: LinkState.Offline));
        using var socket = await Netns.ConnectTcpAsync(kernel.Lab.LanNamespace, Target, CancellationToken.None);
        Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(kernel.Lab.Tcp!.Connections[kernel.Lab.Isp(2).InternetAddress] == 1)), "the long-lived connection is on wan2");
        await ApplyAsync(updater, config, KernelLab.States());

        using var stop = new CancellationTokenSource();
        var rounds = 0;
        var stream = Task.Run(() => Progress.EchoLoopAsync(socket, () => Interlocked.Increment(ref rounds), stop.Token, size: 1024));

        var atStart = await Progress.WaitAsync(() => rounds);
        await kernel.Lab.Faults.SetUpstreamDeadAsync(1, true);
        await kernel.Lab.Faults.SetCarrierAsync(1, false, LabSide.Isp);
        await ApplyAsync(updater, config, KernelLab.States(wan1: LinkState.Offline));
        var whileDown = await Progress.WaitAsync(() => rounds);
        await kernel.Lab.Faults.SetCarrierAsync(1, true, LabSide.Isp);
        await kernel.Lab.Faults.SetUpstreamDeadAsync(1, false);
        await ApplyAsync(updater, config, KernelLab.States());
        var afterRecovery = await Progress.WaitAsync(() => rounds);
        await stop.CancelAsync();
        await stream;

        // Each phase must complete its round trips before the next fault change: counted, not a rate over a fixed window.
        Assert.True(new[] { atStart, whileDown, afterRecovery }.All(r => r >= Progress.Rounds), $"round trips per phase (want {Progress.Rounds} each): {atStart}, {whileDown}, {afterRecovery}");
    }

    [NamespaceFact]
    public async Task When_a_goes_down_its_conntrack_entries_go_b_entries_all_stay_and_new_connections_use_b()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        var updater = Updater(config);
        await ApplyAsync(updater, config, KernelLab.States());
        var open = new List<Socket>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                open.Add(await Netns.ConnectTcpAsync(kernel.Lab.LanNamespace, Target, CancellationToken.None));
            }

            var (a, b) = (await kernel.ConntrackCountAsync(MarkA, Mask), await kernel.ConntrackCountAsync(MarkB, Mask));
            Assert.True(a > 0 && b > 0, $"entries before: A {a}, B {b}");

            await kernel.Lab.Faults.SetUpstreamDeadAsync(1, true);
            var result = await ApplyAsync(updater, config, KernelLab.States(wan1: LinkState.Offline));

            Assert.Contains(result.Changes, c => c.Text.StartsWith($"conntrack -D --mark 0x100/0xff00 ({a} deleted, link down)", StringComparison.Ordinal));
            Assert.Equal(0, await kernel.ConntrackCountAsync(MarkA, Mask));
            Assert.Equal(b, await kernel.ConntrackCountAsync(MarkB, Mask));
            var viaB = kernel.Lab.Tcp!.Connections[kernel.Lab.Isp(2).InternetAddress];
            using var fresh = await Netns.ConnectTcpAsync(kernel.Lab.LanNamespace, Target, CancellationToken.None);
            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(kernel.Lab.Tcp.Connections[kernel.Lab.Isp(2).InternetAddress] == viaB + 1)));
        }
        finally
        {
            open.ForEach(s => s.Dispose());
        }
    }

    [NamespaceFact]
    public async Task A_metered_backup_carries_nothing_while_a_better_link_is_up_everything_when_it_is_down_and_gives_it_back()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced() with { Mode = BalanceMode.Failover };
        config = config with { Links = [config.Links[0], config.Links[1] with { Backup = true, Metered = true }] };
        var updater = Updater(config);
        var counts = kernel.Lab.Tcp!.Connections;
        var (isp1, isp2) = (kernel.Lab.Isp(1).InternetAddress, kernel.Lab.Isp(2).InternetAddress);

        await ApplyAsync(updater, config, KernelLab.States());
        Assert.Equal(0, await kernel.ConnectManyAsync(kernel.Lab.LanNamespace, Target.Address, 20));
        Assert.Equal((20, 0), (counts[isp1], counts[isp2]));

        await kernel.Lab.Faults.SetUpstreamDeadAsync(1, true);
        await ApplyAsync(updater, config, KernelLab.States(wan1: LinkState.Offline));
        Assert.Equal(0, await kernel.ConnectManyAsync(kernel.Lab.LanNamespace, Target.Address, 20));
        Assert.Equal((20, 20), (counts[isp1], counts[isp2]));
        var onBackup = new List<Socket>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                onBackup.Add(await Netns.ConnectTcpAsync(kernel.Lab.LanNamespace, Target, CancellationToken.None));
            }

            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(counts[isp2] == 25)), $"5 more on the backup (got {counts[isp2] - 20})");
            Assert.True(await kernel.ConntrackCountAsync(MarkB, Mask) >= 5);

            await kernel.Lab.Faults.SetUpstreamDeadAsync(1, false);
            var back = await ApplyAsync(updater, config, KernelLab.States());

            Assert.Contains(back.Changes, c => c.Text.Contains("failback", StringComparison.Ordinal) && c.Text.Contains("0x200/0xff00", StringComparison.Ordinal));
            Assert.Equal(0, await kernel.ConntrackCountAsync(MarkB, Mask));
            Assert.Equal(0, await kernel.ConnectManyAsync(kernel.Lab.LanNamespace, Target.Address, 20));
            Assert.Equal((40, 25), (counts[isp1], counts[isp2]));
        }
        finally
        {
            onBackup.ForEach(s => s.Dispose());
        }
    }

    [NamespaceFact]
    public async Task When_a_goes_down_its_sticky_clients_are_forgotten_and_b_sticky_clients_kept()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced() with
        {
            Rules = [new RuleConfig { Name = "echo", Protocol = RuleProtocol.Tcp, DstPort = ["5001"], Use = "default", Sticky = TimeSpan.FromMinutes(30) }],
        };
        var updater = Updater(config);
        await ApplyAsync(updater, config, KernelLab.States());
        Assert.Equal(0, await kernel.ConnectManyAsync(kernel.Lab.LanNamespace, Target.Address, 1));
        await kernel.Must("nft", "add element inet multiwan sticky_echo_wan1 { 192.168.50.7 }; add element inet multiwan sticky_echo_wan2 { 192.168.50.8 }");
        Assert.Equal(3, await StickyCountAsync());

        await kernel.Lab.Faults.SetUpstreamDeadAsync(1, true);
        await ApplyAsync(updater, config, KernelLab.States(wan1: LinkState.Offline));

        var wan1 = (await kernel.Must("nft", "list", "set", "inet", "multiwan", "sticky_echo_wan1")).Stdout;
        var wan2 = (await kernel.Must("nft", "list", "set", "inet", "multiwan", "sticky_echo_wan2")).Stdout;
        Assert.DoesNotContain("192.168.50", wan1, StringComparison.Ordinal);
        Assert.Contains("192.168.50.8", wan2, StringComparison.Ordinal);
        Assert.Contains("flush set inet multiwan sticky_echo_wan1", kernel.Logger.Messages.Last(m => m.Contains("flush set", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    /// <summary>Entries in both sticky sets (the LAN client's own, plus any added by hand).</summary>
    private async Task<int> StickyCountAsync()
    {
        var text = (await kernel.Must("nft", "list", "set", "inet", "multiwan", "sticky_echo_wan1")).Stdout
            + (await kernel.Must("nft", "list", "set", "inet", "multiwan", "sticky_echo_wan2")).Stdout;
        return text.Split("192.168.50.").Length - 1;
    }

    [NamespaceFact]
    public async Task After_a_dhcp_like_renumbering_rereading_facts_and_applying_moves_the_link_table()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        await kernel.ApplyAsync(config, KernelLab.States());
        try
        {
            var isp = await kernel.Lab.Faults.RenumberAsync(1);
            var started = TimeProvider.System.GetTimestamp();
            var result = await kernel.ApplyAsync(config, KernelLab.States(wan2: LinkState.Offline));
            output.WriteLine($"re-read facts, plan and apply after the renumbering: {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:F0} ms");

            Assert.Contains("ip route replace default via 10.1.1.1 dev wan1 table 100 proto 211", result.IpChanges);
            Assert.Contains("ip rule add from 10.1.1.2 table 100 priority 1100 proto 211", result.IpChanges);
            Assert.Contains("ip rule del from 10.1.0.2 table 100 priority 1100 proto 211", result.IpChanges);
            Assert.Contains("default via 10.1.1.1 dev wan1", (await kernel.Must("ip", "route", "show", "table", "100")).Stdout, StringComparison.Ordinal);
            var before = kernel.Lab.Tcp!.Connections[isp.InternetAddress];
            Assert.Equal(0, await kernel.ConnectManyAsync(kernel.Lab.LanNamespace, Target.Address, 5));
            Assert.Equal(before + 5, kernel.Lab.Tcp.Connections[isp.InternetAddress]);
        }
        finally
        {
            await RenumberBackAsync();
        }
    }

    private KernelUpdater Updater(MultiwanConfig config) =>
        new(kernel.Applier(config), new ConntrackCleaner(kernel.Io, kernel.Logger), config);

    private async Task<ApplyResult> ApplyAsync(KernelUpdater updater, MultiwanConfig config, Dictionary<string, LinkState> states)
    {
        var result = await updater.ApplyAsync(await kernel.PlanAsync(config, states), states, CancellationToken.None);
        Assert.True(result.Succeeded, result.Error);
        return result;
    }

    /// <summary>Leave wan1 on 10.1.0.0/30 as built, for the other tests of this class.</summary>
    private async Task RenumberBackAsync()
    {
        var isp = kernel.Lab.Isp(1);
        if (isp.Generation == 0)
        {
            return;
        }

        await kernel.Must("ip", "addr", "flush", "dev", "wan1");
        await LabProbe.MustAsync("ip", "-n", isp.Namespace, "addr", "flush", "dev", isp.IspDevice);
        isp.Generation = 0;
        await kernel.Must("ip", "addr", "add", isp.RouterCidr, "dev", "wan1");
        await LabProbe.MustAsync("ip", "-n", isp.Namespace, "addr", "add", isp.GatewayCidr, "dev", isp.IspDevice);
        await kernel.Must("ip", "route", "replace", "default", "via", isp.Gateway.ToString(), "dev", "wan1", "metric", "101");
    }
}
