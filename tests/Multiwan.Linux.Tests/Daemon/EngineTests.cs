using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Netlink;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

public sealed class EngineTests
{
    private static IReadOnlyList<LinkEvent> Journal(EngineHarness h, EventKind kind) => [.. h.Journal.Read().Where(e => e.Kind == kind)];

    [Fact]
    public async Task Starts_connecting_then_rounds_bring_links_online_with_their_shares_and_events()
    {
        await using var h = new EngineHarness();

        await h.BringUpAsync();
        var status = await h.StatusAsync();

        Assert.Equal([LinkState.Online, LinkState.Online], h.Kernel.Applies[0].Values);
        Assert.Single(Journal(h, EventKind.DaemonStart));
        Assert.Equal([66.7, 33.3], status.Links.Select(l => Math.Round(l.SharePercent, 1)));
        Assert.All(status.Links, l => Assert.True(l.Carrying));
        Assert.Equal("connecting -> online", $"{EventText.StateName(status.Links[0].LastEvent!.OldState)} -> {EventText.StateName(status.Links[0].LastEvent!.NewState)}");
        Assert.Equal(2, Journal(h, EventKind.StateChange).Count);
        Assert.Equal(["100.64.1.1", "100.64.1.2"], status.Links[0].Targets.Select(t => t.Target));
    }

    [Fact]
    public async Task The_first_apply_waits_for_every_link_to_leave_startup_connecting_but_not_past_the_grace()
    {
        // Grace here: (fast 200 ms + timeout_max 1 s) x max(up_after 1, down_after 1) + 1 s = 2.2 s.
        await using var h = new EngineHarness();

        h.Round("a", true);
        await h.SettleAsync(); // A round trip through the loop: anything a's round triggered is done.

        Assert.Contains(h.Journal.Read(), e => e.Link == "a" && e.NewState == LinkState.Online);
        Assert.Equal(0, h.Kernel.ApplyCount);
        Assert.True((await h.StatusAsync()).Starting);
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(2199));
        Assert.Equal(0, h.Kernel.ApplyCount);
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, h.Kernel.ApplyCount); // The apply at the end of the grace.
        Assert.Null((await h.StatusAsync()).Starting);
        Assert.Equal(LinkState.Connecting, h.Kernel.LastApply["b"]);
    }

    [Fact]
    public async Task A_burst_of_changes_queued_behind_an_apply_is_applied_once()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        var before = h.Kernel.ApplyCount;

        h.Kernel.Hold();
        h.Round("a", false);
        await h.Kernel.Held.WaitAsync(TimeSpan.FromSeconds(10)); // The first apply, held.
        Assert.Equal(before + 1, h.Kernel.ApplyCount);
        h.Round("b", false);
        h.Round("a", true);
        h.Round("b", true);
        h.Round("b", false);
        h.Kernel.Release();
        await h.SettleAsync(); // The burst's apply.
        await h.SettleAsync(); // Nothing left that could apply again.

        Assert.Equal(before + 2, h.Kernel.ApplyCount);
        Assert.Equal(LinkState.Offline, h.Kernel.LastApply["b"]);
        Assert.Equal(LinkState.Online, h.Kernel.LastApply["a"]); // up_after 1, hold_down 0
    }

    [Fact]
    public async Task A_hook_sleeping_60_s_does_not_delay_the_next_failure_and_is_killed_at_its_timeout()
    {
        // The real hook runner on the fake clock: the hook announces itself through a FIFO (no polling), and its
        // timeout passes only when the test moves the clock.
        await using var h = new EngineHarness(hookTimeout: "3s", realSinks: true);
        var started = Path.Combine(h.Dir, "hook-started");
        using (var mkfifo = global::System.Diagnostics.Process.Start("mkfifo", [started]))
        {
            await mkfifo.WaitForExitAsync();
        }

        Directory.CreateDirectory(Path.Combine(h.HooksDirectory, "down.d"));
        var hook = Path.Combine(h.HooksDirectory, "down.d", "slow");
        File.WriteAllText(hook, $"#!/bin/sh\necho \"$2\" > {started}\nsleep 60\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
        await h.BringUpAsync();

        h.Round("a", false);
        Assert.Equal("a", (await Task.Run(() => File.ReadAllText(started)).WaitAsync(TimeSpan.FromSeconds(10))).Trim()); // The hook for a started.
        h.Round("b", false);
        await h.SettleAsync();

        Assert.Equal(LinkState.Offline, h.Kernel.LastApply["b"]); // b's failure applied while a's hook runs.
        Assert.DoesNotContain("killed with its process tree", h.Logger.All, StringComparison.Ordinal);
        h.Clock.Advance(TimeSpan.FromSeconds(3));
        await h.Logger.WaitForAsync("slow: still running after 00:00:03, killed with its process tree");
    }

    [Fact]
    public async Task State_events_reach_the_sinks_and_the_daemons_own_bookkeeping_does_not()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();

        h.Round("a", false);
        await h.SettleAsync();

        var hooks = Assert.Single(h.Sinks.HookSinks);
        var notifications = Assert.Single(h.Sinks.NotificationSinks);
        Assert.Equal(
            [("a", LinkState.Connecting, LinkState.Online), ("b", LinkState.Connecting, LinkState.Online), ("a", LinkState.Online, LinkState.Offline)],
            hooks.Events.Select(e => (e.Link!, e.OldState!.Value, e.NewState!.Value)));
        Assert.Equal(hooks.Events, notifications.Events);
        Assert.DoesNotContain(hooks.Events, e => e.Kind == EventKind.DaemonStart);
    }

    [Fact]
    public async Task A_reload_replaces_the_notification_sinks_and_keeps_the_hooks_when_their_settings_are_unchanged()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();

        Assert.True((await h.RequestAsync(new ControlRequest { Command = "reload" })).Ok);
        Assert.Equal((1, 2), (h.Sinks.HookSinks.Count, h.Sinks.NotificationSinks.Count));
        Assert.True(h.Sinks.NotificationSinks[0].Disposed);
        Assert.DoesNotContain(h.Sinks.HookSinks[0].Events, e => e.Kind == EventKind.Reload);

        File.WriteAllText(h.ConfigPath, h.Render(EngineHarness.Yaml).Replace("timeout: 2s", "timeout: 5s", StringComparison.Ordinal));
        Assert.True((await h.RequestAsync(new ControlRequest { Command = "reload" })).Ok);
        Assert.Equal(2, h.Sinks.HookSinks.Count);
        Assert.True(h.Sinks.HookSinks[0].Disposed);
    }

    [Fact]
    public async Task Operator_override_disables_a_link_and_auto_gives_it_back()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();

        var down = await h.RequestAsync(new ControlRequest { Command = "link", Link = "a", Action = "down" });
        var status = await h.StatusAsync();

        Assert.True(down.Ok, down.Error);
        Assert.Equal(LinkState.Disabled, h.Kernel.LastApply["a"]);
        Assert.Equal(("down", false, LinkState.Disabled), (status.Links[0].Override, status.Links[0].Carrying, status.Links[0].State));
        Assert.Equal(EventKind.Override, h.Journal.Read()[^1].Kind);

        var auto = await h.RequestAsync(new ControlRequest { Command = "link", Link = "a", Action = "auto" });
        Assert.True(auto.Ok);
        Assert.Equal(LinkState.Online, h.Kernel.LastApply["a"]);

        var unknown = await h.RequestAsync(new ControlRequest { Command = "link", Link = "zz", Action = "down" });
        Assert.Equal("no link named 'zz' (links: a, b)", unknown.Error);
    }

    [Fact]
    public async Task Carrier_loss_from_netlink_fails_a_link_at_once()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();

        h.Kernel.Down.Add("wan-a");
        h.Engine.Post(new EngineMessage.Netlink(new LinkChanged(h.Clock.GetUtcNow(), 7, "wan-a", AdminUp: true, Carrier: false, Removed: false)));
        await h.SettleAsync();

        Assert.Equal(LinkState.Offline, h.Kernel.LastApply["a"]);
        Assert.Equal("carrier lost", (await h.StatusAsync()).Links[0].LastEvent!.Reason);
    }

    [Fact]
    public async Task Address_loss_from_netlink_fails_a_link_at_once_and_plans_it_without_routes_the_kernel_would_refuse()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        var table = h.Kernel.Plans[^1].Links.Single(l => l.Name == "a").Table;

        h.Kernel.NoAddress.Add("wan-a");
        h.Engine.Post(new EngineMessage.Netlink(new AddressChanged(h.Clock.GetUtcNow(), 7, "wan-a", global::System.Net.IPAddress.Parse("100.64.1.2"), 24, Removed: true)));
        await h.SettleAsync();

        // No probe round was needed (down_after would be 1 here, but none came): the address event alone.
        Assert.Equal(LinkState.Offline, h.Kernel.LastApply["a"]);
        Assert.Equal("address lost", (await h.StatusAsync()).Links[0].LastEvent!.Reason);
        Assert.Equal(1, h.Probes.Stops.GetValueOrDefault("a"));
        var plan = h.Kernel.Plans[^1];
        Assert.DoesNotContain(plan.Routes, r => r.Table == table && r.Destination == "default");
        Assert.DoesNotContain(plan.Rules, r => r.Table == table && r.From is not null);
        Assert.Contains(plan.Rules, r => r.Table == table && r.FwMark is not null); // Its mark still leads to its table.
        var main = plan.Routes.Single(r => r.Table == 254 && r.Destination == "default");
        Assert.Equal(("100.64.2.254", "wan-b"), (main.Via, main.Device)); // The other link carries everything.
        Assert.Empty(main.Nexthops);

        h.Kernel.NoAddress.Remove("wan-a");
        h.Engine.Post(new EngineMessage.Netlink(new AddressChanged(h.Clock.GetUtcNow(), 7, "wan-a", global::System.Net.IPAddress.Parse("100.64.1.2"), 24, Removed: false)));
        await h.SettleAsync();
        Assert.Equal(LinkState.Connecting, await h.StateAsync("a"));
        Assert.Equal(2, h.Probes.Starts["a"]);
        h.Round("a", true);
        await h.SettleAsync();
        Assert.Equal(LinkState.Online, h.Kernel.LastApply["a"]);
        Assert.Contains(h.Kernel.Plans[^1].Routes, r => r.Table == table && r.Destination == "default" && r.Via == "100.64.1.254");
    }

    [Fact]
    public async Task A_link_that_stays_offline_fires_long_down_once()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();

        h.Round("b", false);
        await h.SettleAsync();
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(499));
        Assert.Empty(Journal(h, EventKind.LongDown));
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Single(Journal(h, EventKind.LongDown));
        await h.AdvanceAsync(TimeSpan.FromMilliseconds(700));

        var longDown = Assert.Single(Journal(h, EventKind.LongDown));
        Assert.Equal("b", longDown.Link);
    }

    [Fact]
    public async Task A_bad_reload_is_refused_with_every_error_and_the_running_config_stays()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        var running = h.Engine.Config;
        File.WriteAllText(h.ConfigPath, h.Render(EngineHarness.Yaml).Replace("weight: 2", "weight: 0", StringComparison.Ordinal).Replace("mode: balanced", "mode: fastest", StringComparison.Ordinal));

        var response = await h.RequestAsync(new ControlRequest { Command = "reload" });

        Assert.False(response.Ok);
        Assert.StartsWith("reload refused: 2 error(s)", response.Error, StringComparison.Ordinal);
        Assert.Equal(2, response.Errors!.Count);
        Assert.Contains(response.Errors, e => e.Contains("mode", StringComparison.Ordinal) && e.Contains("fastest", StringComparison.Ordinal));
        Assert.Same(running, h.Engine.Config);
        Assert.Equal(2, (await h.StatusAsync()).Links.Count);
        Assert.Single(Journal(h, EventKind.ReloadRefused));
    }

    [Lab.NamespaceFact]
    public async Task A_reload_whose_nft_snippet_nft_refuses_is_refused_naming_its_line()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        var running = h.Engine.Config;
        var nftd = Path.Combine(Path.GetDirectoryName(h.ConfigPath)!, "nft.d");
        Directory.CreateDirectory(nftd);
        File.WriteAllText(Path.Combine(nftd, "10-web.nft"), "# web\nadd rule ip multiwan_fw input_user tcp dport 80 jump nowhere\n");
        File.WriteAllText(h.ConfigPath, h.Render(EngineHarness.Yaml) + $"firewall:\n  profile: restrictive\n  nft_directory: {nftd}\n");

        var response = await h.RequestAsync(new ControlRequest { Command = "reload" });

        Assert.False(response.Ok);
        Assert.StartsWith($"{nftd}/10-web.nft:2: nft refused the snippet: Error:", Assert.Single(response.Errors!), StringComparison.Ordinal);
        Assert.Same(running, h.Engine.Config);
    }

    [Fact]
    public async Task A_reload_of_a_config_others_can_write_is_refused()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        File.SetUnixFileMode(h.ConfigPath, (UnixFileMode)0b110_100_110);

        var response = await h.RequestAsync(new ControlRequest { Command = "reload" });

        Assert.False(response.Ok);
        Assert.Equal([$"config file {h.ConfigPath} is refused: writable by everyone (mode 0646); run chmod go-w {h.ConfigPath}"], response.Errors);
    }

    [Fact]
    public async Task A_good_reload_keeps_the_probes_and_state_of_unchanged_links()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        var yaml = h.Render(EngineHarness.Yaml).Replace("weight: 2", "weight: 3", StringComparison.Ordinal)
            .Replace("  - name: b\n    interface: wan-b\n    targets: [100.64.2.1, 100.64.2.3]\n", "  - name: b\n    interface: wan-b\n    targets: [100.64.2.1, 100.64.2.3]\n  - name: c\n    interface: wan-c\n    targets: [100.64.3.1, 100.64.3.3]\n", StringComparison.Ordinal);
        File.WriteAllText(h.ConfigPath, yaml);

        var response = await h.RequestAsync(new ControlRequest { Command = "reload" });
        var status = await h.StatusAsync();

        Assert.True(response.Ok, response.Error + string.Join("\n", response.Errors ?? []));
        Assert.EndsWith("kept a b; restarted none; added c; removed none", response.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1, 1), (h.Probes.Starts["a"], h.Probes.Starts["b"], h.Probes.Starts["c"]));
        Assert.False(h.Probes.Stops.ContainsKey("a"));
        Assert.Equal([LinkState.Online, LinkState.Online, LinkState.Connecting], status.Links.Select(l => l.State));
        Assert.Equal(3, status.Links[0].Weight);
        Assert.Equal(75.0, status.Links[0].SharePercent, 1);
    }

    [Fact]
    public async Task Stop_with_cleanup_removes_kernel_state_and_journals_the_stop()
    {
        var h = new EngineHarness();
        try
        {
            await h.BringUpAsync();

            var response = await h.RequestAsync(new ControlRequest { Command = "stop", Cleanup = true });
            await h.Run.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.True(response.Ok, response.Error);
            Assert.StartsWith("stopped; removed multiwan's kernel state", response.Message, StringComparison.Ordinal);
            Assert.Equal(1, h.Kernel.Cleanups);
            Assert.Equal(EventKind.DaemonStop, h.Journal.Read()[^1].Kind);
            Assert.Equal(2, h.Probes.Stops.Values.Sum());
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_plain_stop_leaves_the_kernel_alone()
    {
        var h = new EngineHarness();
        try
        {
            await h.BringUpAsync();
            h.Engine.Post(new EngineMessage.Stop(false, null));
            await h.Run.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(0, h.Kernel.Cleanups);
        }
        finally
        {
            await h.DisposeAsync();
        }
    }

    [Fact]
    public async Task Monitor_streams_live_events()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var monitor = h.Engine.MonitorAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = monitor.MoveNextAsync();

        h.Round("a", false);

        Assert.True(await next);
        Assert.Equal(("a", LinkState.Offline), (monitor.Current.Link, monitor.Current.NewState!.Value));
    }

    [Fact]
    public async Task A_collision_with_another_tool_refuses_the_apply_shows_it_in_status_and_retries()
    {
        await using var h = new EngineHarness();
        h.Kernel.Collision = "table 100 has 1 route(s) not tagged proto 211";

        h.Round("a", true);
        h.Round("b", true);
        await h.SettleAsync();
        var status = await h.StatusAsync();

        Assert.Contains("kernel resources already in use", h.Logger.All, StringComparison.Ordinal);
        Assert.Equal(0, h.Kernel.ApplyCount);
        Assert.Equal("kernel resources already in use, nothing changed: table 100 has 1 route(s) not tagged proto 211", status.ApplyError);
        h.Kernel.Collision = null;
        await h.AdvanceAsync(EngineHarness.ApplyRetry);
        Assert.Equal(1, h.Kernel.ApplyCount); // The retry once the table is free.
        Assert.Null((await h.StatusAsync()).ApplyError);
    }

    [Fact]
    public async Task An_unexpected_kernel_error_is_shown_and_retried_and_the_loop_keeps_running()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        h.Kernel.FactsThrow = 1;

        h.Engine.Post(new EngineMessage.Netlink(new Netlink.NetlinkResync(h.Clock.GetUtcNow(), "test")));
        await h.Logger.WaitForAsync("engine: kernel update failed");
        Assert.Equal("JsonException: '<' is an invalid start of a value", (await h.StatusAsync()).ApplyError);
        h.Round("a", false);
        await h.SettleAsync();

        Assert.Equal(LinkState.Offline, h.Kernel.LastApply["a"]); // a's failure applied after the failed update.
        Assert.Null((await h.StatusAsync()).ApplyError);
    }

    [Fact]
    public async Task Secrets_never_reach_status_json_the_journal_or_the_log()
    {
        const string password = "Pw-never-shown-42";
        const string hookSecret = "Hmac-never-shown-43";
        var extra = $"""
            notifications:
              email:
                server: 127.0.0.1
                port: 9
                username: router
                password: {password}
                to: [ops@router.test]
                aggregate: 0s
              webhooks:
                - name: ops
                  url: http://127.0.0.1:9/hook
                  secret: {hookSecret}
                  retries: 0

            """;
        await using var h = new EngineHarness(extraYaml: extra, realSinks: true);
        await h.BringUpAsync();
        h.Round("a", false);
        await h.Logger.WaitForAsync("webhook ops"); // Both sinks fail.
        await h.Logger.WaitForAsync("mail of");

        var json = global::System.Text.Json.JsonSerializer.Serialize(await h.StatusAsync(), Cli.ControlCli.Json.StatusSnapshot);
        var journal = File.ReadAllText(h.Journal.CurrentPath);

        foreach (var secret in (string[])[password, hookSecret])
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, journal, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, h.Logger.All, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_second_instance_is_refused_with_the_owners_pid()
    {
        using var dir = new Support.TempDirectory();
        var path = dir.Combine("run", "multiwan.lock");

        using var first = InstanceLock.TryAcquire(path, out var firstError);
        using var second = InstanceLock.TryAcquire(path, out var secondError);

        Assert.NotNull(first);
        Assert.Null(firstError);
        Assert.Null(second);
        Assert.Equal($"another multiwan daemon is running (pid {Environment.ProcessId}, lock {path}); stop it first ('multiwan stop' or 'systemctl stop multiwan')", secondError);
    }
}
