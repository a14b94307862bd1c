using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Multiwan.Cli;
using Multiwan.Lab;
using Multiwan.Support;
using Xunit.Abstractions;

namespace Multiwan.Daemon;

/// <summary>The real daemon (<c>multiwan run</c>) in the router namespace of a lab: kill -9 and restart, reload, stop --cleanup.</summary>
[Collection(Support.MeasuringCollection.Name)]
public sealed class DaemonLabTests(ITestOutputHelper output)
{
    private static string Config(TempDirectory dir) => $"""
        mode: balanced
        lan: [lan0]
        health:
          interval: 200ms
          fast_interval: 100ms
          down_after: 2
          up_after: 2
          hold_down: 0s
        links:
          - name: wan1
            interface: wan1
            targets: [100.64.250.1, 100.64.250.2]
          - name: wan2
            interface: wan2
            targets: [100.64.250.2, 100.64.250.3]
        hooks:
          directory: {dir.Combine("hooks")}
        daemon:
          socket: {dir.Combine("run", "multiwan.sock")}
          state_directory: {dir.Combine("state")}

        """;

    [NamespaceFact]
    public async Task Kill_9_leaves_traffic_flowing_and_a_restarted_daemon_answers_status_quickly_without_dropping_connections()
    {
        await using var lab = await NewLabAsync();
        using var dir = new TempDirectory();
        var configPath = WriteConfig(dir, Config(dir));
        var socket = SocketPath(dir);
        try
        {
            var first = new DaemonProcess(lab.RouterNamespace, configPath);
            await using (first)
            {
                await WaitCarryingAsync(socket, 2, first);

                using var connection = await Netns.ConnectTcpAsync(lab.LanNamespace, new IPEndPoint(lab.Targets[0], LabTopology.TcpPort), CancellationToken.None);
                using var stop = new CancellationTokenSource();
                var rounds = 0;
                var traffic = Task.Run(() => Progress.EchoLoopAsync(connection, () => Interlocked.Increment(ref rounds), stop.Token));
                await Progress.WaitAsync(() => rounds);

                await first.KillHardAsync();
                var afterKill = await Progress.WaitAsync(() => rounds);
                var nftAfterKill = await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "table", "inet", "multiwan");

                var restarted = TimeProvider.System.GetTimestamp();
                await using var second = new DaemonProcess(lab.RouterNamespace, configPath);
                MultiwanCli.Outcome status;
                while (true)
                {
                    status = await MultiwanCli.RunAsync("status", "--json", "--socket", socket);
                    if (status.ExitCode == 0 || TimeProvider.System.GetElapsedTime(restarted) >= TimeSpan.FromSeconds(30) || second.Exited)
                    {
                        break;
                    }

                    await Task.Delay(20); // In-process the CLI fails in microseconds: do not spin a core the starting daemon needs.
                }

                var answeredAfter = TimeProvider.System.GetElapsedTime(restarted);
                await WaitCarryingAsync(socket, 2, second);
                var afterRestart = await Progress.WaitAsync(() => rounds);
                await stop.CancelAsync();
                await traffic;

                output.WriteLine($"round trips: after kill -9 {afterKill}, after restart {afterRestart}; status answered {answeredAfter.TotalMilliseconds:0} ms after the restart");
                Assert.True(afterKill >= Progress.Rounds, $"traffic stalled after kill -9 ({afterKill} round trips)");
                Assert.True(nftAfterKill.Succeeded, "the nft table went away with the daemon");
                Assert.True(status.ExitCode == 0, $"status after restart: {status.Stderr}\n{second.Output}");
                // How fast a daemon answers after its start is a figure of bench cli ("restart after kill -9 to first status
                // answer"; target 2 s), not of this test. This bound is well above it, so only a restart that waits on something
                // left by the killed daemon (its socket, lock or table; a timeout) misses it; a slow scheduler does not.
                Assert.True(answeredAfter < TimeSpan.FromSeconds(15), $"status answered {answeredAfter.TotalMilliseconds:0} ms after the restart");
                Assert.True(afterRestart >= Progress.Rounds, $"traffic stalled after the restart ({afterRestart} round trips)");

                var stopped = await MultiwanCli.RunAsync("stop", "--cleanup", "--socket", socket);
                Assert.True(stopped.ExitCode == 0, stopped.Stderr + "\n" + second.Output);
                Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(20)));
                Assert.False((await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "table", "inet", "multiwan")).Succeeded);
            }
        }
        finally
        {
            await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "delete", "table", "inet", "multiwan");
        }
    }

    [NamespaceFact]
    public async Task A_broken_reload_exits_1_with_its_errors_and_status_shows_the_old_config_running_then_sighup_reloads_a_good_one()
    {
        await using var lab = await NewLabAsync();
        using var dir = new TempDirectory();
        var configPath = WriteConfig(dir, Config(dir));
        var socket = SocketPath(dir);
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(dir.Combine("notify")));
        await using var daemon = new DaemonProcess(lab.RouterNamespace, configPath, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = dir.Combine("notify") });
        try
        {
            var before = await WaitCarryingAsync(socket, 2, daemon);
            var ready = Receive(notify);
            Assert.StartsWith("READY=1\nSTATUS=", ready, StringComparison.Ordinal);
            File.WriteAllText(configPath, Config(dir).Replace("mode: balanced", "mode: sideways", StringComparison.Ordinal) + "bogus_key: 1\n");

            var reload = await MultiwanCli.RunAsync("reload", "--socket", socket);
            var after = await StatusAsync(socket);

            Assert.Equal(1, reload.ExitCode);
            Assert.Contains(reload.StderrLines, l => l.StartsWith($"{configPath}:1: mode:", StringComparison.Ordinal));
            Assert.Contains(reload.StderrLines, l => l.Contains("bogus_key", StringComparison.Ordinal));
            Assert.StartsWith("multiwan: reload refused: ", reload.StderrLines[^1], StringComparison.Ordinal);
            Assert.Equal(before.GetProperty("config_loaded").GetString(), after.GetProperty("config_loaded").GetString());
            Assert.Equal("balanced", after.GetProperty("mode").GetString());
            var notices = new List<string>();
            while (notify.Available > 0)
            {
                notices.Add(Receive(notify));
            }

            Assert.Contains("RELOADING=1", notices);
            Assert.Contains(notices, n => n.StartsWith("READY=1\nSTATUS=2/2 links carrying", StringComparison.Ordinal));
            var events = await MultiwanCli.RunAsync("events", "--json", "--socket", socket);
            Assert.Contains("\"kind\":\"reload_refused\"", events.Stdout.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

            // A good file by SIGHUP: reconciled, both links kept (no probe restart, no outage).
            File.WriteAllText(configPath, Config(dir).Replace("targets: [100.64.250.1, 100.64.250.2]", "weight: 3\n    targets: [100.64.250.1, 100.64.250.2]", StringComparison.Ordinal));
            await LabProbe.MustAsync("kill", "-HUP", daemon.Pid.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(daemon.Output.Contains("kept wan1 wan2; restarted none; added none; removed none", StringComparison.Ordinal))), daemon.Output);
            var reloaded = await StatusAsync(socket);
            Assert.Equal(3, reloaded.GetProperty("links")[0].GetProperty("weight").GetInt32());
            Assert.Equal(["online", "online"], reloaded.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("state").GetString()));
        }
        finally
        {
            await StopAsync(socket, daemon);
        }
    }

    [NamespaceFact]
    public async Task A_hook_sleeping_60_s_does_not_delay_detecting_and_applying_a_second_failure()
    {
        await using var lab = await NewLabAsync();
        using var dir = new TempDirectory();
        var configPath = WriteConfig(dir, Config(dir).Replace("hooks:\n", "hooks:\n  timeout: 20s\n", StringComparison.Ordinal));
        Directory.CreateDirectory(dir.Combine("hooks", "down.d"));
        var started = dir.Combine("hook-started");
        File.WriteAllText(dir.Combine("hooks", "down.d", "slow"), $"#!/bin/sh\necho \"$2\" >> {started}\nsleep 60\n");
        File.SetUnixFileMode(dir.Combine("hooks", "down.d", "slow"), (UnixFileMode)0b111_101_101);
        var socket = SocketPath(dir);
        await using var daemon = new DaemonProcess(lab.RouterNamespace, configPath);
        try
        {
            await WaitCarryingAsync(socket, 2, daemon);

            var firstFault = DateTimeOffset.UtcNow;
            await lab.Faults.SetUpstreamDeadAsync(1, true);
            var first = await WaitOfflineAsync(dir, "wan1", daemon);
            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(File.Exists(started))), "the down.d hook never started");

            var secondFault = DateTimeOffset.UtcNow;
            await lab.Faults.SetUpstreamDeadAsync(2, true);
            var second = await WaitOfflineAsync(dir, "wan2", daemon);
            var hookStillRunning = !daemon.Output.Contains("killed with its process tree", StringComparison.Ordinal);
            // Both ISPs are dead now: the plan falls back to the last resort (all links), applied without error.
            var applied = await LabProbe.EventuallyAsync(async () =>
            {
                var status = await StatusAsync(socket);
                return status.GetProperty("last_resort_active").GetBoolean() && !status.TryGetProperty("apply_error", out _);
            });

            output.WriteLine($"detection: wan1 {(first - firstFault).TotalMilliseconds:0} ms (no hook running), wan2 {(second - secondFault).TotalMilliseconds:0} ms (while wan1's down.d hook sleeps)");
            Assert.True(hookStillRunning, "the hook was already killed: the test did not overlap the second failure with it");
            Assert.True(applied, "wan2's failure was not applied");
            // The claim is the order: wan2 went offline while the hook still slept (hookStillRunning above), not after its kill at
            // 20 s. Detection time is a figure of bench outage-upstream (target 2 s); this bound is well above it and below the
            // hook's timeout, so only a verdict that waited for the hook misses it, not a slow scheduler.
            Assert.True(second - secondFault < TimeSpan.FromSeconds(10), $"wan2 took {(second - secondFault).TotalMilliseconds:0} ms");
            Assert.True(await LabProbe.EventuallyAsync(() => Task.FromResult(daemon.Output.Contains("slow: still running after 00:00:20, killed with its process tree", StringComparison.Ordinal)), timeoutMs: 40000), "the hook was not killed at its timeout");
        }
        finally
        {
            await StopAsync(socket, daemon);
        }
    }

    [NamespaceFact]
    public async Task Carrier_loss_reaches_the_daemon_by_netlink_and_recovery_follows_the_probes()
    {
        await using var lab = await NewLabAsync();
        using var dir = new TempDirectory();
        // Calm probing every 5 s: a fast verdict can only come from netlink.
        var configPath = WriteConfig(dir, Config(dir).Replace("interval: 200ms", "interval: 5s", StringComparison.Ordinal));
        var socket = SocketPath(dir);
        await using var daemon = new DaemonProcess(lab.RouterNamespace, configPath);
        try
        {
            await WaitCarryingAsync(socket, 2, daemon);

            var fault = DateTimeOffset.UtcNow;
            await lab.Faults.SetCarrierAsync(1, false, LabSide.Isp);
            var offline = await WaitOfflineAsync(dir, "wan1", daemon);
            var reason = Events.EventJournal.ReadDirectory(dir.Combine("state"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
                .First(e => e.Link == "wan1" && e.NewState == Tracking.LinkState.Offline).Reason;
            await lab.Faults.SetCarrierAsync(1, true, LabSide.Isp);
            var back = await WaitCarryingAsync(socket, 2, daemon);

            output.WriteLine($"carrier lost -> journaled offline after {(offline - fault).TotalMilliseconds:0} ms (probe interval 5 s)");
            Assert.Equal("carrier lost", reason);
            Assert.Equal("online", back.GetProperty("links")[0].GetProperty("state").GetString());
        }
        finally
        {
            await StopAsync(socket, daemon);
        }
    }

    [NamespaceFact]
    public async Task Link_down_takes_an_upper_case_name_in_any_case_and_an_unknown_name_is_refused_naming_the_links()
    {
        await using var lab = await NewLabAsync();
        using var dir = new TempDirectory();
        var configPath = WriteConfig(dir, Config(dir)
            .Replace("- name: wan1", "- name: CABLE", StringComparison.Ordinal)
            .Replace("- name: wan2", "- name: DSL", StringComparison.Ordinal));
        var socket = SocketPath(dir);
        await using var daemon = new DaemonProcess(lab.RouterNamespace, configPath);
        try
        {
            await WaitCarryingAsync(socket, 2, daemon);

            var down = await MultiwanCli.RunAsync("link", "down", "cable", "--socket", socket);
            var unknown = await MultiwanCli.RunAsync("link", "down", "wifi", "--socket", socket);
            var status = await StatusAsync(socket);
            var nft = await LabProbe.RunInAsync(lab.RouterNamespace, "nft", "list", "table", "inet", "multiwan");
            var events = await MultiwanCli.RunAsync("events", "--link", "Cable", "--config", configPath, "--socket", socket);

            Assert.True(down.ExitCode == 0, down.Stderr);
            Assert.StartsWith("CABLE: down", down.Stdout, StringComparison.Ordinal);
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("no link named 'wifi' (links: CABLE, DSL)", unknown.Stderr, StringComparison.Ordinal);
            var cable = status.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "CABLE");
            Assert.Equal("down", cable.GetProperty("override").GetString());
            Assert.Contains("chain mark_CABLE", nft.Stdout, StringComparison.Ordinal);
            Assert.Contains(events.StdoutLines, l => l.Contains("CABLE", StringComparison.Ordinal) && l.Contains("operator", StringComparison.Ordinal));
        }
        finally
        {
            await StopAsync(socket, daemon);
        }
    }

    /// <summary>A fresh lab of 2 ISPs and 3 targets, after removing what an earlier run may have left.</summary>
    private static async Task<LabTopology> NewLabAsync()
    {
        LabTopology.CleanupLeftovers();
        return await LabTopology.CreateAsync(new LabOptions { Isps = 2, Targets = 3 });
    }

    /// <summary>Writes the daemon's config file into <paramref name="dir"/> and returns its path.</summary>
    private static string WriteConfig(TempDirectory dir, string config)
    {
        var configPath = dir.Combine("multiwan.yaml");
        File.WriteAllText(configPath, config);
        return configPath;
    }

    private static string SocketPath(TempDirectory dir) => dir.Combine("run", "multiwan.sock");

    /// <summary>Stops the daemon with <c>stop --cleanup</c> and waits for it to exit (each test's finally).</summary>
    private static async Task StopAsync(string socket, DaemonProcess daemon)
    {
        await MultiwanCli.RunAsync("stop", "--cleanup", "--socket", socket);
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(20));
    }

    /// <summary>The journal timestamp of the link's event to offline (the daemon's own time of the verdict), waiting up to 30 s for it.</summary>
    private static async Task<DateTimeOffset> WaitOfflineAsync(TempDirectory dir, string link, DaemonProcess daemon)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            var offline = Events.EventJournal.ReadDirectory(dir.Combine("state"), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance)
                .FirstOrDefault(e => e.Link == link && e.NewState == Tracking.LinkState.Offline);
            if (offline is not null)
            {
                return offline.Timestamp;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"{link} never went offline:\n{daemon.Output}");
        return default;
    }

    private static string Receive(Socket socket)
    {
        var buffer = new byte[4096];
        socket.ReceiveTimeout = 5000;
        return global::System.Text.Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
    }

    private static async Task<JsonElement> StatusAsync(string socket)
    {
        var status = await MultiwanCli.RunAsync("status", "--json", "--socket", socket);
        Assert.True(status.ExitCode == 0, status.Stderr);
        using var doc = JsonDocument.Parse(status.Stdout);
        return doc.RootElement.Clone();
    }

    private static async Task<JsonElement> WaitCarryingAsync(string socket, int links, DaemonProcess daemon)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = await MultiwanCli.RunAsync("status", "--json", "--socket", socket);
            if (status.ExitCode == 0)
            {
                using var doc = JsonDocument.Parse(status.Stdout);
                if (doc.RootElement.GetProperty("links").EnumerateArray().Count(l => l.GetProperty("carrying").GetBoolean() && l.GetProperty("state").GetString() == "online") == links)
                {
                    return doc.RootElement.Clone();
                }
            }

            Assert.False(daemon.Exited, "the daemon exited:\n" + daemon.Output);
            await Task.Delay(200);
        }

        Assert.Fail("links never all online and carrying:\n" + daemon.Output);
        return default;
    }
}
