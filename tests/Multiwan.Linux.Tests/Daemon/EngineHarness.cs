using Microsoft.Extensions.Time.Testing;
using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Support;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// An engine on a YAML config in a temp directory, with a fake kernel, fake probes, fake sinks (or the real ones)
/// and a fake clock, running on its own task. Nothing here waits on real time: <see cref="SettleAsync"/> is a
/// round trip through the loop, and timers fire when the test moves <see cref="Clock"/>.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string Yaml = """
        mode: balanced
        lan: [lan0]
        health:
          interval: 1s
          down_after: 1
          up_after: 1
          hold_down: 0s
          long_down: 500ms
        links:
          - name: a
            interface: wan-a
            weight: 2
            targets: [100.64.1.1, 100.64.1.2]
          - name: b
            interface: wan-b
            targets: [100.64.2.1, 100.64.2.3]
        hooks:
          directory: HOOKS
          timeout: TIMEOUT
        daemon:
          socket: DIR/run/multiwan.sock
          state_directory: DIR/state

        """;

    /// <summary>The apply retry the harness configures.</summary>
    public static readonly TimeSpan ApplyRetry = TimeSpan.FromMilliseconds(200);

    private readonly TempDirectory _dir = new();
    private readonly Task _run;

    /// <param name="realSinks">The production hook runner, mailer and webhooks (on the fake clock) instead of <see cref="Sinks"/>.</param>
    /// <param name="yaml">The config (with the HOOKS, TIMEOUT and DIR words); <see cref="Yaml"/> when null.</param>
    /// <param name="notifySocket">A datagram socket's path the engine's sd_notify lines go to (none when null).</param>
    public EngineHarness(string hookTimeout = "2s", string extraYaml = "", bool realSinks = false, string? yaml = null, string? notifySocket = null)
    {
        HookTimeout = hookTimeout;
        Directory.CreateDirectory(HooksDirectory);
        File.WriteAllText(ConfigPath, Render(yaml ?? Yaml) + extraYaml);
        var loaded = ConfigLoader.Load(ConfigPath);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        Journal = new EventJournal(_dir.Combine("state"), 1 << 20, Logger);
        var services = new EngineServices(Kernel, Probes, Journal, new SystemdNotifier(notifySocket, null), Clock, Logger)
        {
            ApplyRetry = ApplyRetry,
            Sinks = realSinks ? new LinuxEventSinks(Logger, Clock) : Sinks,
        };
        Engine = new Engine(ConfigPath, loaded.Config!, services);
        _run = Engine.RunAsync(CancellationToken.None);
    }

    public string HookTimeout { get; }

    public string ConfigPath => _dir.Combine("multiwan.yaml");

    public string HooksDirectory => _dir.Combine("hooks");

    public string Dir => _dir.Path;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeKernel Kernel { get; } = new();

    public FakeProbes Probes { get; } = new();

    public FakeSinks Sinks { get; } = new();

    public ListLogger Logger { get; } = new();

    public EventJournal Journal { get; }

    public Engine Engine { get; }

    public Task Run => _run;

    public string Render(string yaml) => yaml.Replace("HOOKS", HooksDirectory, StringComparison.Ordinal).Replace("TIMEOUT", HookTimeout, StringComparison.Ordinal).Replace("DIR", _dir.Path, StringComparison.Ordinal);

    public void Round(string link, params bool[] alive)
    {
        var names = link == "a" ? new[] { "100.64.1.1", "100.64.1.2" } : ["100.64.2.1", "100.64.2.3"];
        var targets = names.Select((n, i) => new TargetResult(n, alive[Math.Min(i, alive.Length - 1)] ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(10 + i)) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(200)))).ToList();
        Engine.Post(new EngineMessage.Round(new RoundResult(link, Clock.GetUtcNow(), targets)));
    }

    /// <summary>A round of IPv6 targets (<paramref name="targets"/>) for a dual-stack link.</summary>
    public void Round6(string link, IReadOnlyList<string> targets, bool alive)
    {
        var results = targets.Select(n => new TargetResult(n, alive ? ProbeOutcome.Ok(TimeSpan.FromMilliseconds(12)) : ProbeOutcome.Timeout(TimeSpan.FromMilliseconds(200)))).ToList();
        Engine.Post(new EngineMessage.Round(new RoundResult(link, Clock.GetUtcNow(), results) { Ipv6 = true }));
    }

    /// <summary>Sends a request line as the control socket would: parsed once, then handed to the engine.</summary>
    public async Task<ControlResponse> RequestAsync(ControlRequest request)
    {
        var (command, error) = ControlRequestParser.Parse(request);
        if (command is null)
        {
            return ControlResponse.Fail(error!);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Engine.HandleAsync(command, timeout.Token);
    }

    public async Task<StatusSnapshot> StatusAsync() => (await RequestAsync(new ControlRequest { Command = "status" })).Status!;

    public async Task<LinkState> StateAsync(string link) => (await StatusAsync()).Links.Single(l => l.Name == link).State;

    /// <summary>A round trip through the loop: every message posted before it has been handled and its changes applied.</summary>
    public Task SettleAsync() => StatusAsync();

    /// <summary>Moves the clock (firing the timers due) and lets the loop handle what they posted.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await SettleAsync();
    }

    public async Task BringUpAsync()
    {
        Round("a", true);
        Round("b", true);
        await SettleAsync();
        Assert.True(Kernel.ApplyCount > 0 && Kernel.LastApply.Values.All(s => s == LinkState.Online), "both links online");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            Engine.Post(new EngineMessage.Stop(false, null));
        }

        await _run.WaitAsync(TimeSpan.FromSeconds(30));
        Journal.Dispose();
        _dir.Dispose();
    }
}
