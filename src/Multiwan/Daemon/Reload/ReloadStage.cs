using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Identities;
using Multiwan.System;

namespace Multiwan.Daemon;

/// <summary>
/// Reload = validate, then reconcile: a bad file is refused (every error returned, an event journaled, the running
/// config kept); a good one keeps the tracker and probes of every link whose probing is unchanged (<see cref="ReloadDiff"/>),
/// so healthy links see no outage, and swaps the sinks. The loop then installs the config and applies once.
/// </summary>
internal static class ReloadStage
{
    public static async Task<ReloadOutcome> RunAsync(
        string path, MultiwanConfig running, LinkSet links, EventFanout events, IdentityStore identities, TimeProvider time, ILogger logger)
    {
        var loaded = ConfigLoader.Load(path, Multiwan.Firewall.IptablesTranslateTool.Default);
        List<string> errors = [.. loaded.Errors.Select(e => e.ToString())];
        if (StrictModes.CheckOnlyRootWrites(path, "config file") is { } refusal)
        {
            errors.Add(refusal);
        }

        // A snippet nft refuses would fail every apply of the new config: refuse the reload instead, naming its file:line.
        if (loaded.IsValid && Multiwan.Firewall.SnippetCheck.Run(loaded.Config!).Error is { } snippet)
        {
            errors.Add(snippet);
        }

        // Kept links keep their slots (marks, tables, priorities); new ones get free slots, remembered at once.
        var (slots, slotError) = loaded.IsValid && errors.Count == 0 ? identities.Assign(loaded.Config!) : (null, null);
        if (slotError is not null)
        {
            errors.Add(slotError);
        }

        var now = time.GetUtcNow();
        if (!loaded.IsValid || errors.Count > 0 || slots is null)
        {
            var summary = $"{errors.Count} error(s) in {path}; the running config stays";
            DaemonLog.ReloadRefused(logger, $"{summary}: {errors.FirstOrDefault()}");
            events.Publish(new LinkEvent { Timestamp = now, Kind = EventKind.ReloadRefused, Reason = $"{summary}: {errors.FirstOrDefault()}" }, sinks: true);
            return new ReloadOutcome(null, null, new ControlResponse { Ok = false, Error = $"reload refused: {summary}", Errors = errors });
        }

        var next = loaded.Config!;
        var diff = ReloadDiff.Compute([.. links.Links.Select(l => (l.Name, l.ProbeKey))], next, slots);
        var old = links.Links.ToDictionary(l => l.Name);
        foreach (var name in diff.Restarted.Concat(diff.Removed))
        {
            await links.StopAsync(old[name]).ConfigureAwait(false);
        }

        links.Set(next.Links.Select(link => diff.Kept.Contains(link.Name) ? Keep(old[link.Name], link) : LinkRuntime.Create(next, slots, link, time)));
        await events.ReplaceSinksAsync(running, next).ConfigureAwait(false);
        DaemonLog.Reloaded(logger, path, diff.Summary);
        events.Publish(new LinkEvent { Timestamp = now, Kind = EventKind.Reload, Reason = diff.Summary }, sinks: false);
        return new ReloadOutcome(next, slots, ControlResponse.Done($"reloaded {path}: {diff.Summary}"));
    }

    private static LinkRuntime Keep(LinkRuntime existing, LinkConfig link)
    {
        existing.Config = link; // Weight, tier, backup, NAT: policy only; probes and tracker stay.
        return existing;
    }
}
