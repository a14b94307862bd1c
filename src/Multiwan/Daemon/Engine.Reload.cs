using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Notifications;
using Multiwan.System;

namespace Multiwan.Daemon;

/// <summary>
/// Reload = validate, then reconcile: a bad file is refused (every error returned, an event journaled, the running
/// config kept); a good one keeps the tracker and probes of every link whose probing is unchanged, so healthy links
/// see no outage, and one apply moves the kernel to the new plan.
/// </summary>
internal sealed partial class Engine
{
    private async Task ReloadAsync(TaskCompletionSource<ControlResponse>? reply)
    {
        _services.Systemd.Reloading();
        var loaded = ConfigLoader.Load(_configPath);
        List<string> errors = [.. loaded.Errors.Select(e => e.ToString())];
        if (StrictModes.CheckOnlyRootWrites(_configPath, "config file") is { } refusal)
        {
            errors.Add(refusal);
        }

        // Kept links keep their slots (marks, tables, priorities); new ones get free slots, remembered at once.
        var (slots, slotError) = loaded.IsValid && errors.Count == 0 ? _services.Identities.Assign(loaded.Config!) : (null, null);
        if (slotError is not null)
        {
            errors.Add(slotError);
        }

        var now = _services.TimeProvider.GetUtcNow();
        if (!loaded.IsValid || errors.Count > 0)
        {
            var summary = $"{errors.Count} error(s) in {_configPath}; the running config stays";
            DaemonLog.ReloadRefused(_services.Logger, $"{summary}: {errors.FirstOrDefault()}");
            Publish(new LinkEvent { Timestamp = now, Kind = EventKind.ReloadRefused, Reason = $"{summary}: {errors.FirstOrDefault()}" }, hooks: true);
            reply?.TrySetResult(new ControlResponse { Ok = false, Error = $"reload refused: {summary}", Errors = errors });
            _services.Systemd.Ready(StatusLine());
            return;
        }

        var next = loaded.Config!;
        _slots = slots!;
        var summaryText = await ReconcileAsync(next, now).ConfigureAwait(false);
        DaemonLog.Reloaded(_services.Logger, _configPath, summaryText);
        Publish(new LinkEvent { Timestamp = now, Kind = EventKind.Reload, Reason = summaryText }, hooks: false);
        await SettleAsync(CancellationToken.None).ConfigureAwait(false);
        reply?.TrySetResult(ControlResponse.Done($"reloaded {_configPath}: {summaryText}"));
        _services.Systemd.Ready(StatusLine());
    }

    private async Task<string> ReconcileAsync(MultiwanConfig next, DateTimeOffset now)
    {
        var old = _links.ToDictionary(l => l.Name);
        var kept = new List<string>();
        var restarted = new List<string>();
        var added = new List<string>();
        _links.Clear();
        foreach (var link in next.Links)
        {
            var key = LinkRuntime.KeyOf(next, _slots, link);
            if (old.Remove(link.Name, out var existing) && existing.ProbeKey == key)
            {
                existing.Config = link; // Weight, tier, backup, NAT: policy only; probes and tracker stay.
                _links.Add(existing);
                kept.Add(link.Name);
                continue;
            }

            if (existing is not null)
            {
                await StopProbesAsync(existing).ConfigureAwait(false);
                restarted.Add(link.Name);
            }
            else
            {
                added.Add(link.Name);
            }

            _links.Add(LinkRuntime.Create(next, _slots, link, _services.TimeProvider));
        }

        foreach (var removed in old.Values)
        {
            await StopProbesAsync(removed).ConfigureAwait(false);
        }

        var previous = _config;
        _config = next;
        _loadedAt = now;
        await ReplaceSinksAsync(previous, next).ConfigureAwait(false);
        _factsDirty = _applyDirty = true; // Facts for new links, probes for new and restarted ones, then one apply.
        return $"kept {List(kept)}; restarted {List(restarted)}; added {List(added)}; removed {List(old.Keys)}";
    }

    private async Task StopProbesAsync(LinkRuntime link)
    {
        if (link.Probes is not null)
        {
            await link.Probes.DisposeAsync().ConfigureAwait(false);
            link.Probes = null;
        }

        if (_longDownTimers.Remove(link.Name, out var timer))
        {
            timer.Dispose();
        }
    }

    private async Task ReplaceSinksAsync(MultiwanConfig previous, MultiwanConfig next)
    {
        if (previous.Hooks != next.Hooks || previous.Notifications.Email?.To.FirstOrDefault() != next.Notifications.Email?.To.FirstOrDefault())
        {
            var hooks = _hooks;
            _hooks = NewHooks(next);
            _hooks.Start();
            await hooks.DisposeAsync().ConfigureAwait(false);
        }

        var notifications = _notifications;
        _notifications = new NotificationHub(next.Notifications, _services.Logger, _services.TimeProvider);
        await notifications.DisposeAsync().ConfigureAwait(false);
    }

    private static string List(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 0 ? "none" : string.Join(" ", list);
    }
}
