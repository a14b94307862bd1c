using System.Threading.Channels;
using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Kernel;
using Multiwan.Netlink;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The daemon's loop, the only writer of its state. Probe rounds, netlink events, control requests, reloads and
/// timers are messages; once the queue is drained the loop settles the burst through the pipeline:
/// facts → tracking (<see cref="LinkSet"/>) → policy (<see cref="PolicyStage"/>) → plan (<see cref="KernelPlanner"/>)
/// → apply (<see cref="KernelSync"/>) → publish (<see cref="EventFanout"/>, <see cref="StatusProjection"/>).
/// </summary>
internal sealed class Engine : IControlHandler
{
    private readonly EngineServices _services;
    private readonly string _configPath;
    private readonly Channel<EngineMessage> _inbox = Channel.CreateUnbounded<EngineMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<RoundResult> _rounds = Channel.CreateBounded<RoundResult>(new BoundedChannelOptions(1024) { SingleReader = true });
    private readonly LinkSet _links;
    private readonly KernelSync _kernel;
    private readonly EventFanout _events;
    private readonly EngineControl _control;
    private readonly PolicyStage _policy;
    private MultiwanConfig _config;
    private LinkSlots _slots;
    private DateTimeOffset _started;
    private DateTimeOffset _loadedAt;
    private EngineMessage.Stop? _stop;
    private volatile EngineView _view;

    public Engine(string configPath, MultiwanConfig config, EngineServices services)
    {
        _configPath = configPath;
        _config = config;
        _view = new EngineView(config);
        _services = services;
        var (slots, slotError) = services.Identities.Assign(config);
        _slots = slots ?? throw new InvalidOperationException(slotError);
        _links = new LinkSet(services.Probes, _rounds.Writer, Post, services.TimeProvider, services.Logger);
        _kernel = new KernelSync(services.Kernel, Post, services.ApplyRetry, services.TimeProvider, services.Logger);
        _events = new EventFanout(services.Journal, services.Sinks, services.Logger);
        _policy = new PolicyStage(services.TimeProvider);
        _control = new EngineControl(Post, () => _view, services.Journal, services.TimeProvider);
    }

    /// <summary>The config the loop last published.</summary>
    public MultiwanConfig Config => _view.Config;

    /// <summary>Queues a message for the loop; never blocks.</summary>
    public void Post(EngineMessage message) => _inbox.Writer.TryWrite(message);

    public Task<ControlResponse> HandleAsync(ControlCommand command, CancellationToken cancellationToken) => _control.HandleAsync(command, cancellationToken);

    public Task<string> MetricsAsync(CancellationToken cancellationToken) => _control.MetricsAsync(cancellationToken);

    public IAsyncEnumerable<LinkEvent> MonitorAsync(CancellationToken cancellationToken) => _events.MonitorAsync(cancellationToken);

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
            background = [MessagePumps.RoundsAsync(_rounds.Reader, Post, pumps.Token), MessagePumps.NetlinkAsync(_services.Netlink, Post, pumps.Token)];
            using var watchdog = _services.Systemd.WatchdogInterval is { } every
                ? _services.TimeProvider.CreateTimer(_ => Post(new EngineMessage.WatchdogDue()), null, every, every)
                : null;
            await LoopAsync().ConfigureAwait(false);
        }
        finally
        {
            await pumps.CancelAsync().ConfigureAwait(false);
            var stop = _stop ?? new EngineMessage.Stop(false, null);
            var answer = await EngineShutdown.RunAsync(stop, _config, _links, _kernel, _events, _services).ConfigureAwait(false);
            _rounds.Writer.TryComplete();
            stop.Reply?.TrySetResult(answer);
            await Task.WhenAll(background).ConfigureAwait(false);
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _loadedAt = _services.TimeProvider.GetUtcNow();
        _kernel.Start(_config);
        _events.Publish(new LinkEvent { Timestamp = _started, Kind = EventKind.DaemonStart, Reason = $"pid {Environment.ProcessId}, config {_configPath}" }, sinks: false);
        _events.Start(_config);
        _links.Set(_config.Links.Select(link => LinkRuntime.Create(_config, _slots, link, _services.TimeProvider)));
        await SettleAsync(cancellationToken).ConfigureAwait(false);
        DaemonLog.Started(_services.Logger, _links.Links.Count, _configPath);
        _services.Systemd.Ready(StatusProjection.Line(State()));
        // Start-up garbage (config binding, the first plan and apply) is collected and its memory given back now, not at
        // the first full collection, which an idle daemon reaches late (docs/BENCHMARKS.md "Resident memory").
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
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

    private async Task HandleAsync(EngineMessage message)
    {
        switch (message)
        {
            case EngineMessage.Round round:
                Changed(_links.OnRound(round.Result));
                if (_policy.Reelect(_config, _links.States(), _links.States6(), _links.Facts, _links.Links))
                {
                    _kernel.RequestApply(); // select: best elected another link.
                }

                break;
            case EngineMessage.Netlink { Event: var e }:
                Changed(e is LinkChanged changed ? _links.OnInterface(changed) : []); // Carrier and presence, for the trackers.
                _kernel.Request(NetlinkRouting.Route(e, _config.Kernel.Protocol, _links));
                break;
            case EngineMessage.Control control:
                await OnControlAsync(control).ConfigureAwait(false);
                break;
            case EngineMessage.Metrics metrics:
                metrics.Reply.TrySetResult(MetricsText.Render(StatusProjection.Snapshot(State()), _links.Transitions(), _kernel.Applies, _kernel.Failures));
                break;
            case EngineMessage.Reload reload:
                await ReloadAsync(reload.Reply).ConfigureAwait(false);
                break;
            case EngineMessage.LongDownDue due:
                Changed(_links.OnLongDown(due));
                break;
            case EngineMessage.ApplyDue:
                _kernel.RequestFacts();
                break;
            case EngineMessage.StartupGraceOver:
                _kernel.GraceOver();
                break;
            case EngineMessage.WatchdogDue:
                _services.Systemd.Watchdog();
                break;
            case EngineMessage.Stop stop:
                _stop = stop;
                break;
        }
    }

    /// <summary>The pipeline, once per burst. Never throws: a failure is logged, shown in status and retried.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _kernel.ReadFactsAsync(_config, _links.Facts, cancellationToken).ConfigureAwait(false) is { } facts)
            {
                Changed(await _links.OnFactsAsync(_config, facts, cancellationToken).ConfigureAwait(false));
            }

            var states = _links.States();
            var states6 = _links.States6();
            if (_kernel.TakeApply(_links.TrackedStates()))
            {
                var decision = _policy.Decide(_config, states, _links.Links);
                var decision6 = _policy.Decide6(_config, LinkResolver.WithoutAddresslessLinks6(_config, states6, _links.Facts), _links.Links);
                var plan = KernelPlanner.Plan(_config, states, _links.Facts, decision, _slots, states6, decision6);
                await _kernel.ApplyAsync(_config, plan, states, states6, cancellationToken).ConfigureAwait(false);
                _services.Systemd.Status(StatusProjection.Line(State()));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _kernel.Failed(e);
        }
    }

    /// <summary>Publishes what the tracking stage reported; a state change asks the kernel stage for a new plan.</summary>
    private void Changed(List<LinkEvent> events)
    {
        foreach (var e in events)
        {
            _events.Publish(e, sinks: true);
            if (e.Kind is EventKind.StateChange or EventKind.Override)
            {
                _kernel.RequestApply();
            }
        }
    }

    private async Task OnControlAsync(EngineMessage.Control control)
    {
        var (response, events) = LoopCommands.Answer(control.Command, _links, State);
        Changed(events);
        if (control.Command is ControlCommand.SetLink && response.Ok)
        {
            _kernel.RequestApply();
        }

        // A forced link must be in the kernel before the operator is told it is done.
        if (_kernel.ApplyPending && response.Ok)
        {
            await SettleAsync(CancellationToken.None).ConfigureAwait(false);
        }

        control.Reply.TrySetResult(response);
    }

    private async Task ReloadAsync(TaskCompletionSource<ControlResponse>? reply)
    {
        _services.Systemd.Reloading();
        var outcome = await ReloadStage.RunAsync(_configPath, _config, _links, _events, _services.Identities, _services.TimeProvider, _services.Logger).ConfigureAwait(false);
        if (outcome is { Config: { } next, Slots: { } slots })
        {
            (_config, _slots, _loadedAt, _view) = (next, slots, _services.TimeProvider.GetUtcNow(), new EngineView(next));
            _kernel.RequestFacts(); // Facts for new links, probes for new and restarted ones, then one apply.
            await SettleAsync(CancellationToken.None).ConfigureAwait(false);
        }

        reply?.TrySetResult(outcome.Response);
        _services.Systemd.Ready(StatusProjection.Line(State()));
    }

    private LoopState State() =>
        new(_configPath, _started, _loadedAt, _config, _links.Links, _links.Facts, _kernel.LastPlan, _kernel.Error, _kernel.Starting);
}
