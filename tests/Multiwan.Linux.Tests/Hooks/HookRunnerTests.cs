using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Hooks;

public sealed class HookRunnerTests : IDisposable
{
    private const UnixFileMode Mode755 = HookFiles.Mode755;

    private readonly TempDirectory _dir = new();
    private readonly ListLogger _logger = new();

    private static LinkEvent Down => new()
    {
        Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Kind = EventKind.StateChange,
        Link = "fiber",
        Device = "eth0",
        OldState = LinkState.Disconnecting,
        NewState = LinkState.Offline,
        RttMs = 12.5,
        LossPercent = 100,
        Address = "100.64.1.2",
        Target = "100.64.9.9",
    };

    public void Dispose() => _dir.Dispose();

    private string Hook(string eventDir, string name, string body, UnixFileMode mode = Mode755) => HookFiles.Script(_dir.Combine(eventDir), name, body, mode);

    private HookRunner Runner(TimeSpan? timeout = null, bool lsm = false) =>
        new(new HooksConfig { Directory = _dir.Path, Timeout = timeout ?? TimeSpan.FromSeconds(10), LsmArguments = lsm }, "ops@example.org", _logger, TimeProvider.System);

    [Fact]
    public async Task Hooks_run_in_name_order_with_argv_and_environment()
    {
        var outFile = _dir.Combine("out.txt");
        Hook("down.d", "20-second", $"echo second \"$@\" >> {outFile}");
        Hook("down.d", "10-first", $"echo first \"$@\" $MULTIWAN_EVENT $MULTIWAN_LINK $MULTIWAN_STATE $MULTIWAN_PREVIOUS_STATE $MULTIWAN_LOSS_PCT >> {outFile}");
        Hook("up.d", "10-up", $"echo up >> {outFile}");
        await using var runner = Runner();

        var results = await runner.RunHooksAsync(Down, CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded));
        var lines = File.ReadAllLines(outFile);
        Assert.Equal(
            [
                "first down fiber eth0 offline disconnecting 12.5 100 2026-01-02T03:04:05.000Z down fiber offline disconnecting 100",
                "second down fiber eth0 offline disconnecting 12.5 100 2026-01-02T03:04:05.000Z",
            ],
            lines);
    }

    [Fact]
    public async Task Lsm_mode_passes_the_16_positional_arguments()
    {
        var outFile = _dir.Combine("out.txt");
        Hook("down.d", "lsm", $"echo $# \"$1\" \"$2\" \"$3\" \"$4\" \"$5\" \"${{13}}\" \"${{14}}\" \"${{15}}\" \"${{16}}\" >> {outFile}");
        await using var runner = Runner(lsm: true);

        await runner.RunHooksAsync(Down, CancellationToken.None);

        Assert.Equal("16 down fiber 100.64.9.9 eth0 ops@example.org 12.5 100.64.1.2 up 1767323045", File.ReadAllText(outFile).Trim());
    }

    [Fact]
    public async Task Lsm_arguments_6_to_12_are_the_first_targets_counters()
    {
        var outFile = _dir.Combine("out.txt");
        Hook("down.d", "lsm", $"echo \"$6\" \"$7\" \"$8\" \"$9\" \"${{10}}\" \"${{11}}\" \"${{12}}\" >> {outFile}");
        await using var runner = Runner(lsm: true);

        await runner.RunHooksAsync(Down with { Counters = new ProbeCounters(7, 3, 0, 3) }, CancellationToken.None);
        await runner.RunHooksAsync(Down, CancellationToken.None);

        // replies, waiting, timed out, late; consecutive received, waiting, timed out. Without counters: 0.
        Assert.Equal(["7 0 3 0 0 0 3", "0 0 0 0 0 0 0"], File.ReadAllLines(outFile));
    }

    [Fact]
    public async Task A_hook_sleeping_60_s_is_killed_with_its_children_at_the_timeout()
    {
        var pidFile = _dir.Combine("sleeper.pid");
        Hook("down.d", "slow", $"sleep 60 & echo $! > {pidFile}; wait");
        await using var runner = Runner(TimeSpan.FromMilliseconds(500));

        var result = Assert.Single(await runner.RunHooksAsync(Down, CancellationToken.None));

        Assert.True(result.TimedOut);
        var sleeper = File.ReadAllText(pidFile).Trim();
        Assert.False(Directory.Exists($"/proc/{sleeper}") && !File.ReadAllText($"/proc/{sleeper}/stat").Contains(") Z ", StringComparison.Ordinal));
        Assert.Contains(_logger.Lines, l => l.Contains("killed with its process tree", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Enqueue_returns_while_a_hook_is_still_running()
    {
        var started = _dir.Combine("started");
        var done = _dir.Combine("done");
        Hook("down.d", "slow", $"touch {started}; sleep 5; touch {done}");
        await using var runner = Runner(TimeSpan.FromSeconds(30));
        runner.Start();

        Assert.True(runner.Enqueue(Down));
        Assert.True(runner.Enqueue(Down with { Link = "second" }));
        Assert.False(File.Exists(done));

        for (var i = 0; i < 100 && !File.Exists(started); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(File.Exists(started));
        Assert.False(File.Exists(done));
    }

    [Fact]
    public async Task Hook_output_goes_to_the_log()
    {
        Hook("down.d", "talk", "echo hello from stdout; echo hello from stderr >&2");
        await using var runner = Runner();

        await runner.RunHooksAsync(Down, CancellationToken.None);

        Assert.Contains(_logger.Lines, l => l.EndsWith(": hello from stdout", StringComparison.Ordinal));
        Assert.Contains(_logger.Lines, l => l.EndsWith(": hello from stderr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_world_writable_hook_is_refused_and_logged_and_others_still_run()
    {
        var outFile = _dir.Combine("out.txt");
        var bad = Hook("down.d", "10-bad", $"echo bad >> {outFile}", Mode755 | UnixFileMode.OtherWrite);
        Hook("down.d", "20-good", $"echo good >> {outFile}");
        await using var runner = Runner();

        var results = await runner.RunHooksAsync(Down, CancellationToken.None);

        Assert.True(results[0].Refused);
        Assert.Equal("good", File.ReadAllText(outFile).Trim());
        Assert.Contains(_logger.Lines, l => l.StartsWith("Error:", StringComparison.Ordinal) && l.Contains(bad, StringComparison.Ordinal) && l.Contains("writable by everyone (mode 0757)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_group_writable_hook_directory_is_refused()
    {
        var outFile = _dir.Combine("out.txt");
        Hook("down.d", "hook", $"echo ran >> {outFile}");
        File.SetUnixFileMode(_dir.Combine("down.d"), Mode755 | UnixFileMode.GroupWrite);
        await using var runner = Runner();

        var result = Assert.Single(await runner.RunHooksAsync(Down, CancellationToken.None));

        Assert.True(result.Refused);
        Assert.False(File.Exists(outFile));
        Assert.Contains(_logger.Lines, l => l.Contains("hook directory", StringComparison.Ordinal) && l.Contains("writable by its group", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_hook_not_owned_by_root_is_refused()
    {
        var hook = Hook("down.d", "hook", "true");
        File.SetUnixFileMode(hook, Mode755);
        await Task.Yield();
        var chown = global::System.Diagnostics.Process.Start("chown", ["65534", hook]);
        await chown.WaitForExitAsync();
        await using var runner = Runner();

        var result = Assert.Single(await runner.RunHooksAsync(Down, CancellationToken.None));

        Assert.True(result.Refused);
        Assert.Contains(_logger.Lines, l => l.Contains("owned by uid 65534", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(LinkState.Online, LinkState.Offline, "down")]
    [InlineData(LinkState.Online, LinkState.Disabled, "down")]
    [InlineData(LinkState.Connecting, LinkState.Online, "up")]
    [InlineData(LinkState.Offline, LinkState.Connecting, "connecting")]
    [InlineData(LinkState.Online, LinkState.Disconnecting, "disconnecting")]
    [InlineData(LinkState.Online, LinkState.Degraded, "degraded")]
    [InlineData(LinkState.Degraded, LinkState.Online, null)]
    [InlineData(LinkState.Disconnecting, LinkState.Online, null)]
    public void Event_names_follow_the_transition(LinkState old, LinkState now, string? expected)
    {
        Assert.Equal(expected, HookArguments.EventName(Down with { OldState = old, NewState = now }));
    }
}
