using Multiwan.Events;
using Multiwan.Netlink;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The engine's per-link work: probe rounds, carrier and address changes, facts, probes, transitions, long_down.</summary>
internal sealed partial class Engine
{
    private void OnRound(RoundResult round)
    {
        var link = _links.FirstOrDefault(l => l.Name == round.Link);
        if (link is null || !link.Accepts(round))
        {
            return; // A round from probes a reload replaced.
        }

        var transition = link.Tracker.OnRound(round);
        if (link.Probes is not null)
        {
            link.Probes.Fast = link.Tracker.WantsFastProbing;
        }

        OnTransition(link, transition);
        if (Elect())
        {
            _applyDirty = true; // select: best elected another link.
        }
    }

    private void OnNetlink(NetlinkEvent e)
    {
        switch (e)
        {
            case LinkChanged changed:
                foreach (var link in _links.Where(l => l.Device == changed.Name))
                {
                    OnTransition(link, link.Tracker.OnInterfacePresent(!changed.Removed, changed.At));
                    OnTransition(link, link.Tracker.OnCarrier(changed.Usable, changed.At));
                    _factsDirty = _applyDirty = true;
                }

                break;
            case RouteChanged route when route.Protocol == _config.Kernel.Protocol && !route.Removed:
                break; // Our own apply echoing back.
            case RouteChanged route when route.Protocol == _config.Kernel.Protocol:
                _applyDirty = true; // One of ours vanished (a carrier flap wipes table routes): put it back.
                break;
            default:
                _factsDirty = _applyDirty = true; // Addresses, main-table routes, a resync: re-read and re-plan.
                break;
        }
    }

    private void OnTransition(LinkRuntime link, LinkTransition? transition)
    {
        if (transition is null)
        {
            return;
        }

        var linkEvent = link.EventOf(transition, _facts.GetValueOrDefault(link.Name));
        link.LastEvent = linkEvent;
        link.Transitions++;
        Publish(linkEvent, hooks: true);
        _applyDirty = true;
        if (_longDownTimers.Remove(link.Name, out var old))
        {
            old.Dispose();
        }

        if (transition.To == LinkState.Offline)
        {
            var since = link.Tracker.Since;
            var name = link.Name;
            _longDownTimers[name] = _services.TimeProvider.CreateTimer(
                _ => Post(new EngineMessage.LongDownDue(name, since)), null, link.Config.Health.LongDown, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnLongDown(EngineMessage.LongDownDue due)
    {
        var link = _links.FirstOrDefault(l => l.Name == due.Link);
        if (link is null || link.Tracker.State != LinkState.Offline || link.Tracker.Since != due.OfflineSince)
        {
            return; // Recovered (or went down again) meanwhile.
        }

        var now = _services.TimeProvider.GetUtcNow();
        Publish(
            new LinkEvent
            {
                Timestamp = now,
                Kind = EventKind.LongDown,
                Link = link.Name,
                Device = link.Device,
                OldState = LinkState.Offline,
                NewState = LinkState.Offline,
                Reason = $"offline for {EventText.Span(now - due.OfflineSince)} (long_down after {EventText.Span(link.Config.Health.LongDown)})",
                Address = _facts.GetValueOrDefault(link.Name)?.Address?.ToString(),
                Target = link.Config.Targets.FirstOrDefault()?.Address,
            },
            hooks: true);
    }

    /// <summary>Reads interface facts, feeds address presence to the trackers and (re)starts probes whose address changed.</summary>
    private async Task RefreshFactsAsync(CancellationToken cancellationToken)
    {
        _factsDirty = false;
        var read = await _services.Kernel.ReadFactsAsync(_config, _facts, cancellationToken).ConfigureAwait(false);
        if (read.Error is not null)
        {
            DaemonLog.FactsFailed(_services.Logger, read.Error);
        }
        else
        {
            _facts = read.Facts;
        }

        var now = _services.TimeProvider.GetUtcNow();
        foreach (var link in _links)
        {
            var facts = _facts.GetValueOrDefault(link.Name);
            if (facts is not null)
            {
                OnTransition(link, link.Tracker.OnCarrier(facts.Up, now));
            }

            var address = link.Config.Source ?? facts?.Address?.ToString();
            if (link.Probes is not null && address is not null && link.Probes.Source != address)
            {
                await link.Probes.DisposeAsync().ConfigureAwait(false); // Renumbered (DHCP, PPP redial): bind anew.
                link.Probes = null;
            }

            if (link.Probes is null)
            {
                await StartProbesAsync(link, now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task StartProbesAsync(LinkRuntime link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (handle, error) = await _services.Probes.StartAsync(_config, link.Config, _rounds.Writer, cancellationToken).ConfigureAwait(false);
        link.Probes = handle;
        if (handle is not null)
        {
            link.ProbeError = null;
            handle.Fast = link.Tracker.WantsFastProbing;
            DaemonLog.ProbesStarted(_services.Logger, link.Name, handle.Source);
            OnTransition(link, link.Tracker.OnAddress(true, now));
            return;
        }

        if (error != link.ProbeError)
        {
            DaemonLog.ProbesNotRunning(_services.Logger, link.Name, error ?? "unknown");
            link.ProbeError = error;
        }

        OnTransition(link, link.Tracker.OnAddress(false, now));
    }

    /// <summary>An event goes to the journal, the log, monitors, and (state events) hooks and notifications.</summary>
    private void Publish(LinkEvent linkEvent, bool hooks)
    {
        _services.Journal.Append(linkEvent);
        DaemonLog.Event(_services.Logger, EventText.Line(linkEvent));
        if (hooks)
        {
            _hooks.Enqueue(linkEvent);
            _notifications.Enqueue(linkEvent);
        }

        lock (_monitorLock)
        {
            foreach (var monitor in _monitors)
            {
                monitor.Writer.TryWrite(linkEvent);
            }
        }
    }
}
