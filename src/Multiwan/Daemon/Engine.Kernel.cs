using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The engine's kernel side: one apply per burst, retries, and the stop (fail-static, or cleanup).</summary>
internal sealed partial class Engine
{
    private Dictionary<string, LinkState> States() => _links.ToDictionary(l => l.Name, l => l.Tracker.State);

    /// <summary>Runs the <c>select: best</c> elections on the current states and figures; true when one elected another link.</summary>
    private bool Elect() => _election.Update(_config, States(), _links.ToDictionary(l => l.Name, l => l.Tracker.Stats), _services.TimeProvider.GetUtcNow());

    /// <summary>
    /// How long the first apply may wait for every link to leave its start-up <c>connecting</c> state: enough rounds
    /// for the up or down threshold at the fast interval, each with its longest timeout, plus a second.
    /// </summary>
    private TimeSpan StartupGrace() => _config.Links.Count == 0 ? TimeSpan.Zero : _config.Links.Max(l =>
        (l.Health.FastInterval + l.Health.TimeoutMax) * Math.Max(l.Health.UpAfter, l.Health.DownAfter)) + TimeSpan.FromSeconds(1);

    private async Task ApplyAsync(CancellationToken cancellationToken)
    {
        _applyDirty = false;
        if (!_initialApplyDone)
        {
            // Fail-static start: what a previous run left keeps working (its connections keep their link) until
            // every link's state is known; applying "connecting" links would re-route their live connections.
            if (!_graceOver && _links.Any(l => l.Tracker.State == LinkState.Connecting))
            {
                return;
            }

            _initialApplyDone = true;
            _startupTimer?.Dispose();
        }

        var states = States();
        Elect();
        var plan = KernelPlanner.Plan(_config, states, _facts, _election.Elected);
        var result = await CheckedApplyAsync(plan, states, cancellationToken).ConfigureAwait(false);
        Applies++;
        _lastPlan = plan;
        if (result.Succeeded)
        {
            _applyError = null;
            _retryTimer?.Dispose();
            _retryTimer = null;
            DaemonLog.Applied(_services.Logger, result.Changes.Count, string.Join(", ", states.Select(s => $"{s.Key} {EventText.StateName(s.Value)}")));
        }
        else
        {
            _applyError = result.Error ?? "unknown error";
            ApplyFailures++;
            DaemonLog.ApplyFailed(_services.Logger, _services.ApplyRetry, _applyError);
            _retryTimer?.Dispose();
            _retryTimer = _services.TimeProvider.CreateTimer(_ => Post(new EngineMessage.ApplyDue()), null, _services.ApplyRetry, Timeout.InfiniteTimeSpan);
        }

        _services.Systemd.Status(StatusLine());
    }

    /// <summary>Before the first apply of a config, refuses (and keeps retrying) while another tool uses our tables, priorities or marks.</summary>
    private async Task<ApplyResult> CheckedApplyAsync(KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_collisionsCheckedFor, _config))
        {
            if (await _services.Kernel.CheckCollisionsAsync(_config, plan, cancellationToken).ConfigureAwait(false) is { } collision)
            {
                return ApplyResult.Failed($"kernel resources already in use, nothing changed: {collision}", []);
            }

            _collisionsCheckedFor = _config;
        }

        return await _services.Kernel.ApplyAsync(_config, plan, states, cancellationToken).ConfigureAwait(false);
    }

    private string StatusLine()
    {
        var carrying = _lastPlan?.Links.Where(l => l.Carrying).Select(l => l.Name).ToList() ?? [];
        var text = $"{carrying.Count}/{_links.Count} links carrying{(carrying.Count > 0 ? ": " + string.Join(" ", carrying) : "")}";
        return _applyError is null ? text : text + "; last apply failed";
    }

    /// <summary>Stops probes, timers, hooks and sinks; with cleanup removes every kernel object; journals the stop.</summary>
    private async Task ShutdownAsync()
    {
        var stop = _stop ?? new EngineMessage.Stop(false, null);
        DaemonLog.Stopping(_services.Logger, stop.Cleanup ? " and removing every kernel object multiwan owns" : " (kernel state left in place)");
        _services.Systemd.Stopping();
        _retryTimer?.Dispose();
        _startupTimer?.Dispose();
        foreach (var timer in _longDownTimers.Values)
        {
            timer.Dispose();
        }

        foreach (var link in _links.Where(l => l.Probes is not null))
        {
            await link.Probes!.DisposeAsync().ConfigureAwait(false);
        }

        var message = "stopped; kernel state left in place (traffic keeps flowing)";
        var ok = true;
        if (stop.Cleanup)
        {
            ApplyResult result;
            try
            {
                result = await _services.Kernel.CleanupAsync(_config, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Still stop cleanly and answer the operator; what is left can be removed with `multiwan cleanup`.
                result = ApplyResult.Failed($"{e.GetType().Name}: {e.Message}", []);
            }

            ok = result.Succeeded;
            message = ok ? $"stopped; removed multiwan's kernel state ({result.Changes.Count} change(s))" : $"stopped, but cleanup failed: {result.Error}";
            if (!ok)
            {
                DaemonLog.CleanupFailed(_services.Logger, result.Error ?? "unknown error");
            }
        }

        Publish(new LinkEvent { Timestamp = _services.TimeProvider.GetUtcNow(), Kind = EventKind.DaemonStop, Reason = message }, hooks: false);
        lock (_monitorLock)
        {
            foreach (var monitor in _monitors)
            {
                monitor.Writer.TryComplete();
            }
        }

        await _hooks.DisposeAsync().ConfigureAwait(false);
        await _notifications.DisposeAsync().ConfigureAwait(false);
        _rounds.Writer.TryComplete();
        stop.Reply?.TrySetResult(ok ? ControlResponse.Done(message) : ControlResponse.Fail(message));
    }
}
