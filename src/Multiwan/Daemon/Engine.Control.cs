using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Probing;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The engine as the control socket's handler: state requests go through the loop; history is read from the journal.</summary>
internal sealed partial class Engine : IControlHandler
{
    public async Task<ControlResponse> HandleAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        switch (request.Command)
        {
            case "events":
                return new ControlResponse { Ok = true, Events = _services.Journal.Read(request.Since) };
            case "report":
                var now = _services.TimeProvider.GetUtcNow();
                var report = ReportBuilder.Build(_services.Journal.Read(), request.Since ?? now.AddDays(-7), now, _config.Links.Select(l => l.Name));
                return new ControlResponse { Ok = true, Report = report };
            case "status" or "link" or "reload" or "stop":
                var reply = new TaskCompletionSource<ControlResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                Post(request.Command switch
                {
                    "reload" => new EngineMessage.Reload(reply),
                    "stop" => new EngineMessage.Stop(request.Cleanup, reply),
                    _ => new EngineMessage.Control(request, reply),
                });
                return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            default:
                return ControlResponse.Fail($"unknown command '{request.Command}' (status, link, reload, stop, events, report, monitor)");
        }
    }

    /// <summary>The Prometheus text, rendered on the loop (for <c>daemon.metrics</c>).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<ControlResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new EngineMessage.Control(new ControlRequest { Command = "metrics" }, reply));
        return (await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false)).Message ?? "";
    }

    public async IAsyncEnumerable<LinkEvent> MonitorAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LinkEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_monitorLock)
        {
            _monitors.Add(channel);
        }

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_monitorLock)
            {
                _monitors.Remove(channel);
            }
        }
    }

    private async Task OnControlAsync(EngineMessage.Control control)
    {
        var response = control.Request.Command switch
        {
            "status" => new ControlResponse { Ok = true, Status = Snapshot() },
            "link" => SetOverride(control.Request),
            "metrics" => ControlResponse.Done(MetricsText.Render(Snapshot(), _links.ToDictionary(l => l.Name, l => l.Transitions), Applies, ApplyFailures)),
            _ => ControlResponse.Fail($"unknown command '{control.Request.Command}'"),
        };

        // A forced link must be in the kernel before the operator is told it is done.
        if (_applyDirty && response.Ok)
        {
            await SettleAsync(CancellationToken.None).ConfigureAwait(false);
        }

        control.Reply.TrySetResult(response);
    }

    private ControlResponse SetOverride(ControlRequest request)
    {
        var link = _links.FirstOrDefault(l => l.Name == request.Link);
        if (link is null)
        {
            return ControlResponse.Fail($"no link named '{request.Link}' (links: {string.Join(", ", _links.Select(l => l.Name))})");
        }

        LinkOverride? value = request.Action switch
        {
            "up" => LinkOverride.Up,
            "down" => LinkOverride.Down,
            "auto" => LinkOverride.Auto,
            _ => null,
        };
        if (value is not { } wanted)
        {
            return ControlResponse.Fail($"link: expected up, down or auto (got {request.Action})");
        }

        OnTransition(link, link.Tracker.SetOverride(wanted, _services.TimeProvider.GetUtcNow()));
        _applyDirty = true;
        return ControlResponse.Done($"{link.Name}: {request.Action} ({EventText.StateName(link.Tracker.State)})");
    }

    private StatusSnapshot Snapshot()
    {
        var plans = _lastPlan?.Links.ToDictionary(l => l.Name) ?? [];
        return new StatusSnapshot
        {
            Pid = Environment.ProcessId,
            Started = _started,
            ConfigPath = _configPath,
            ConfigLoaded = _loadedAt,
            Mode = _config.Mode.ToString().ToLowerInvariant(),
            LastResortActive = _lastPlan?.LastResortActive ?? false,
            ApplyError = _applyError,
            Starting = _initialApplyDone ? null : true,
            Links = [.. _links.Select(l => LinkStatusOf(l, plans.GetValueOrDefault(l.Name)))],
            Policies = [.. (_lastPlan?.Policies ?? []).Select(p => new PolicyStatus
            {
                Name = p.Name,
                Mode = p.Mode.ToString().ToLowerInvariant(),
                Links = PolicyLinks(p.Name),
                Active = [.. p.Links.Where(w => w.Weight > 0).Select(w => w.Name)],
                LastResort = p.LastResortInForce is not null,
            })],
        };
    }

    private IReadOnlyList<string> PolicyLinks(string policy)
    {
        var configured = _config.Policies.FirstOrDefault(p => p.Name == policy)?.Links;
        return configured is { Count: > 0 } ? configured : [.. _config.Links.Select(l => l.Name)];
    }

    private LinkStatus LinkStatusOf(LinkRuntime link, Kernel.LinkPlan? plan)
    {
        var facts = _facts.GetValueOrDefault(link.Name);
        var stats = link.Tracker.Stats;
        var methods = link.Config.Targets.Select(t => ProbeTarget.From(t, link.Config.Method).Method.ToString().ToLowerInvariant()).ToList();
        return new LinkStatus
        {
            Name = link.Name,
            Device = link.Device,
            State = link.Tracker.State,
            Since = link.Tracker.Since,
            Carrying = plan?.Carrying ?? false,
            SharePercent = 100 * (plan?.Share ?? 0),
            Weight = link.Config.Weight,
            Tier = link.Config.Tier,
            Override = link.Tracker.Override == LinkOverride.Auto ? null : link.Tracker.Override.ToString().ToLowerInvariant(),
            Address = link.Config.Source ?? facts?.Address?.ToString(),
            Gateway = facts?.Gateway?.ToString(),
            RttMs = stats.Rtt?.TotalMilliseconds,
            JitterMs = stats.Jitter?.TotalMilliseconds,
            LossPercent = stats.Samples > 0 ? stats.LossPercent : null,
            Targets = [.. link.Tracker.Targets.Select((t, i) => new TargetStatus
            {
                Target = t.Target,
                Method = i < methods.Count ? methods[i] : "icmp",
                Up = t.Last?.IsAlive ?? false,
                RttMs = t.Rtt?.TotalMilliseconds,
                JitterMs = t.Jitter?.TotalMilliseconds,
                LossPercent = t.Samples > 0 ? t.LossPercent : null,
            })],
            LastEvent = link.LastEvent,
        };
    }
}
