using System.Threading.Channels;
using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Hooks;
using Multiwan.Kernel;
using Multiwan.Notifications;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The daemon: one loop that owns every piece of state (single writer). Probe rounds, netlink events, control
/// requests, reloads and timers are messages to it. Changes of a burst are applied to the kernel once, after the
/// loop has drained every queued message. Hooks, mail and webhooks run on their own queues and never block it.
/// </summary>
internal sealed partial class Engine
{
    private readonly EngineServices _services;
    private readonly string _configPath;
    private readonly Channel<EngineMessage> _inbox = Channel.CreateUnbounded<EngineMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<RoundResult> _rounds = Channel.CreateBounded<RoundResult>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly List<LinkRuntime> _links = [];
    private readonly Dictionary<string, ITimer> _longDownTimers = [];
    private readonly Lock _monitorLock = new();
    private readonly List<Channel<LinkEvent>> _monitors = [];
    private readonly Policy.BestLinkElection _election = new();
    private volatile MultiwanConfig _config;
    private DateTimeOffset _loadedAt;
    private DateTimeOffset _started;
    private IReadOnlyDictionary<string, LinkFacts> _facts = new Dictionary<string, LinkFacts>();
    private KernelPlan? _lastPlan;
    private string? _applyError;
    private bool _factsDirty;
    private bool _applyDirty;
    private ITimer? _retryTimer;
    private HookRunner _hooks;
    private NotificationHub _notifications;
    private EngineMessage.Stop? _stop;
    private bool _initialApplyDone;
    private bool _graceOver;
    private MultiwanConfig? _collisionsCheckedFor;
    private ITimer? _startupTimer;

    public Engine(string configPath, MultiwanConfig config, EngineServices services)
    {
        _configPath = configPath;
        _config = config;
        _services = services;
        _hooks = NewHooks(config);
        _notifications = new NotificationHub(config.Notifications, services.Logger, services.TimeProvider);
    }

    public MultiwanConfig Config => _config;

    /// <summary>Applies done so far (tests check that a burst is one apply).</summary>
    public int Applies { get; private set; }

    public int ApplyFailures { get; private set; }

    /// <summary>Queues a message for the loop; never blocks.</summary>
    public void Post(EngineMessage message) => _inbox.Writer.TryWrite(message);

    /// <summary>Runs until a <see cref="EngineMessage.Stop"/> (or <paramref name="cancellationToken"/>, treated as a stop without cleanup).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Cancellation sources: the caller (host shutting down) and our own stop, which ends the pumps.
        using var pumps = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopOnCancel = cancellationToken.Register(() => Post(new EngineMessage.Stop(false, null)));
        Task[] background = [];
        try
        {
            await StartAsync(pumps.Token).ConfigureAwait(false);
            background = [PumpRoundsAsync(pumps.Token), PumpNetlinkAsync(pumps.Token)];
            using var watchdog = _services.Systemd.WatchdogInterval is { } every
                ? _services.TimeProvider.CreateTimer(_ => Post(new EngineMessage.WatchdogDue()), null, every, every)
                : null;
            await LoopAsync().ConfigureAwait(false);
        }
        finally
        {
            await pumps.CancelAsync().ConfigureAwait(false);
            await ShutdownAsync().ConfigureAwait(false);
            await Task.WhenAll(background).ConfigureAwait(false);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _loadedAt = _services.TimeProvider.GetUtcNow();
        _startupTimer = _services.TimeProvider.CreateTimer(_ => Post(new EngineMessage.StartupGraceOver()), null, StartupGrace(), Timeout.InfiniteTimeSpan);
        Publish(new LinkEvent { Timestamp = _started, Kind = EventKind.DaemonStart, Reason = $"pid {Environment.ProcessId}, config {_configPath}" }, hooks: false);
        _hooks.Start();
        foreach (var link in _config.Links)
        {
            _links.Add(LinkRuntime.Create(_config, link, _services.TimeProvider));
        }

        _factsDirty = _applyDirty = true;
        await SettleAsync(cancellationToken).ConfigureAwait(false);
        DaemonLog.Started(_services.Logger, _links.Count, _configPath);
        _services.Systemd.Ready(StatusLine());
    }

    private async Task LoopAsync()
    {
        while (_stop is null && await _inbox.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Drain everything queued, then touch the kernel once for the whole burst.
            while (_stop is null && _inbox.Reader.TryRead(out var message))
            {
                try
                {
                    await HandleAsync(message).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A bug in one message's handling must not kill the daemon that keeps the uplinks working.
                    DaemonLog.MessageFailed(_services.Logger, e, message.GetType().Name);
                    (message as EngineMessage.Control)?.Reply.TrySetResult(ControlResponse.Fail($"internal error: {e.Message}"));
                }
            }

            if (_stop is null)
            {
                await SettleAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Re-reads facts and applies when a message asked for it. Never throws: a failure is logged, shown and retried.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_factsDirty)
            {
                await RefreshFactsAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_applyDirty)
            {
                await ApplyAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unexpected (a tool's output we cannot parse, a bug): keep the last kernel state and the loop alive.
            DaemonLog.MessageFailed(_services.Logger, e, "kernel update");
            _applyError = $"{e.GetType().Name}: {e.Message}";
            _retryTimer?.Dispose();
            _retryTimer = _services.TimeProvider.CreateTimer(_ => Post(new EngineMessage.ApplyDue()), null, _services.ApplyRetry, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task HandleAsync(EngineMessage message)
    {
        switch (message)
        {
            case EngineMessage.Round round:
                OnRound(round.Result);
                break;
            case EngineMessage.Netlink netlink:
                OnNetlink(netlink.Event);
                break;
            case EngineMessage.Control control:
                await OnControlAsync(control).ConfigureAwait(false);
                break;
            case EngineMessage.Reload reload:
                await ReloadAsync(reload.Reply).ConfigureAwait(false);
                break;
            case EngineMessage.LongDownDue due:
                OnLongDown(due);
                break;
            case EngineMessage.ApplyDue:
                _factsDirty = _applyDirty = true;
                break;
            case EngineMessage.StartupGraceOver:
                _graceOver = _applyDirty = true;
                break;
            case EngineMessage.WatchdogDue:
                _services.Systemd.Watchdog();
                break;
            case EngineMessage.Stop stop:
                _stop = stop;
                break;
        }
    }

    private HookRunner NewHooks(MultiwanConfig config) =>
        new(config.Hooks, config.Notifications.Email?.To.FirstOrDefault(), _services.Logger, _services.TimeProvider);

    private async Task PumpRoundsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var round in _rounds.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                Post(new EngineMessage.Round(round));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The engine stopped.
        }
    }

    private async Task PumpNetlinkAsync(CancellationToken cancellationToken)
    {
        if (_services.Netlink is not { } listen)
        {
            return;
        }

        try
        {
            await foreach (var e in listen(cancellationToken).ConfigureAwait(false))
            {
                Post(new EngineMessage.Netlink(e));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The engine stopped.
        }
    }
}
