using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.Kernel;
using Multiwan.Netlink;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The tracking stage: every link's tracker and probes, the interface facts they depend on, and long_down timers.
/// Fed probe rounds, netlink events, facts and operator overrides; each call returns the events it caused (state
/// changes for the loop to plan and apply, long_down notices). Owned by the engine loop (single writer).
/// </summary>
internal sealed class LinkSet(IProbeFactory probes, ChannelWriter<RoundResult> rounds, Action<EngineMessage> post, TimeProvider time, ILogger logger)
{
    private readonly List<LinkRuntime> _links = [];
    /// <summary>One long_down timer per (link, family): each family's outage is its own.</summary>
    private readonly Dictionary<(string Link, bool Ipv6), ITimer> _longDownTimers = [];

    public IReadOnlyList<LinkRuntime> Links => _links;

    public IReadOnlyDictionary<string, LinkFacts> Facts { get; private set; } = new Dictionary<string, LinkFacts>();

    public LinkRuntime? Find(string name) => _links.FirstOrDefault(l => l.Name == name);

    public Dictionary<string, LinkState> States() => _links.ToDictionary(l => l.Name, l => l.Tracker.State);

    /// <summary>The IPv6 state of every dual-stack link (health per family).</summary>
    public Dictionary<string, LinkState> States6() => _links.Where(l => l.Ipv6 is not null).ToDictionary(l => l.Name, l => l.Ipv6!.Tracker.State);

    /// <summary>Every state that is tracked: each link's IPv4 state (none for an IPv6-only link, which has no IPv4 tracker input) and each IPv6 state.</summary>
    public IEnumerable<LinkState> TrackedStates() =>
        _links.Where(l => l.Config.Ipv4).Select(l => l.Tracker.State).Concat(_links.Where(l => l.Ipv6 is not null).Select(l => l.Ipv6!.Tracker.State));

    /// <summary>State changes per link since it started being tracked (a metrics counter).</summary>
    public Dictionary<string, int> Transitions() => _links.ToDictionary(l => l.Name, l => l.Transitions);

    public bool Tracks(string device) => _links.Any(l => l.Device == device);

    /// <summary>Replaces the set (start, reload): <paramref name="links"/> in config order, kept ones with their trackers and probes.</summary>
    public void Set(IEnumerable<LinkRuntime> links)
    {
        _links.Clear();
        _links.AddRange(links);
    }

    public List<LinkEvent> OnRound(RoundResult round)
    {
        var link = Find(round.Link);
        if (link?.Ipv6 is { } ipv6 && ipv6.Accepts(round))
        {
            var changed = ipv6.Tracker.OnRound(round);
            if (ipv6.Probes is not null)
            {
                ipv6.Probes.Fast = ipv6.Tracker.WantsFastProbing;
            }

            return Changed6(link, changed);
        }

        if (link is null || !link.Accepts(round))
        {
            return []; // A round from probes a reload replaced.
        }

        var transition = link.Tracker.OnRound(round);
        if (link.Probes is not null)
        {
            link.Probes.Fast = link.Tracker.WantsFastProbing;
        }

        return Changed(link, transition);
    }

    public List<LinkEvent> OnInterface(LinkChanged changed)
    {
        var events = new List<LinkEvent>();
        foreach (var link in _links.Where(l => l.Device == changed.Name))
        {
            if (link.Config.Ipv4)
            {
                events.AddRange(Changed(link, link.Tracker.OnInterfacePresent(!changed.Removed, changed.At)));
                events.AddRange(Changed(link, link.Tracker.OnCarrier(changed.Usable, changed.At)));
            }

            if (link.Ipv6 is { } ipv6)
            {
                // Carrier is shared: the cable takes both families down (and up) together.
                events.AddRange(Changed6(link, ipv6.Tracker.OnInterfacePresent(!changed.Removed, changed.At)));
                events.AddRange(Changed6(link, ipv6.Tracker.OnCarrier(changed.Usable, changed.At)));
            }
        }

        return events;
    }

    public List<LinkEvent> SetOverride(LinkRuntime link, LinkOverride value)
    {
        // An IPv6-only link's IPv4 tracker is never fed (no probes, no state): the override is its IPv6 side's.
        var events = link.Config.Ipv4 ? Changed(link, link.Tracker.SetOverride(value, time.GetUtcNow())) : [];
        if (link.Ipv6 is { } ipv6)
        {
            events.AddRange(Changed6(link, ipv6.Tracker.SetOverride(value, time.GetUtcNow())));
        }

        return events;
    }

    public List<LinkEvent> OnLongDown(EngineMessage.LongDownDue due)
    {
        var link = Find(due.Link);
        var tracker = due.Ipv6 ? link?.Ipv6?.Tracker : link?.Tracker;
        if (link is null || tracker is null || tracker.State != LinkState.Offline || tracker.Since != due.OfflineSince)
        {
            return []; // Recovered (or went down again) meanwhile.
        }

        return [link.LongDownOf(due.Ipv6, due.OfflineSince, time.GetUtcNow(), Facts.GetValueOrDefault(link.Name))];
    }

    /// <summary>New facts (null: the read failed, keep the last ones): feeds carrier and address to the trackers and (re)starts probes whose address changed.</summary>
    public async Task<List<LinkEvent>> OnFactsAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts>? facts, CancellationToken cancellationToken)
    {
        Facts = facts ?? Facts;
        var events = new List<LinkEvent>();
        var now = time.GetUtcNow();
        foreach (var link in _links.Where(l => l.Config.Ipv4)) // an IPv6-only link has no IPv4 probes, carrier or address to track
        {
            var fact = Facts.GetValueOrDefault(link.Name);
            if (fact is not null)
            {
                events.AddRange(Changed(link, link.Tracker.OnCarrier(fact.Up, now)));
            }

            if (fact is { NoAddress: true })
            {
                // The address went (RTM_DELADDR, a DHCP lease lost): offline now, not after down_after failed rounds.
                events.AddRange(await AddressLostAsync(link, fact, now).ConfigureAwait(false));
                continue;
            }

            var address = link.Config.Source ?? fact?.Address?.ToString();
            if (link.Probes is not null && address is not null && link.Probes.Source != address)
            {
                await link.Probes.DisposeAsync().ConfigureAwait(false); // Renumbered (DHCP, PPP redial): bind anew.
                link.Probes = null;
            }

            if (link.Probes is null)
            {
                events.AddRange(await StartProbesAsync(config, link, now, cancellationToken).ConfigureAwait(false));
            }
        }

        foreach (var link in _links.Where(l => l.Ipv6 is not null))
        {
            events.AddRange(await OnFacts6Async(config, link, Facts.GetValueOrDefault(link.Name), now, cancellationToken).ConfigureAwait(false));
        }

        return events;
    }

    /// <summary>
    /// The IPv6 side of <see cref="OnFactsAsync"/>: carrier, the IPv6 address (gone: offline for IPv6 at once; a new
    /// SLAAC/DHCPv6 address: probes bound anew), probes started once the address is there.
    /// </summary>
    private async Task<List<LinkEvent>> OnFacts6Async(MultiwanConfig config, LinkRuntime link, LinkFacts? fact, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ipv6 = link.Ipv6!;
        var events = new List<LinkEvent>();
        if (fact is not null)
        {
            events.AddRange(Changed6(link, ipv6.Tracker.OnCarrier(fact.Up, now)));
        }

        var address = ipv6.ProbeConfig.Source ?? fact?.Ipv6?.Address?.ToString();
        if (fact?.Ipv6 is { NoAddress: true } || fact is { NoAddress: true, Up: false } || (ipv6.Probes is not null && address is not null && ipv6.Probes.Source != address))
        {
            if (ipv6.Probes is not null)
            {
                await ipv6.Probes.DisposeAsync().ConfigureAwait(false);
                ipv6.Probes = null;
            }

            if (fact?.Ipv6 is { NoAddress: true } || fact is { NoAddress: true, Up: false })
            {
                events.AddRange(NotRunning6(link, $"link {link.Name}: no usable IPv6 address on {fact.Device}", now));
                return events;
            }
        }

        if (ipv6.Probes is null)
        {
            var (handle, error) = await probes.StartAsync(config, ipv6.ProbeConfig, link.Mark, rounds, AddressFamily.InterNetworkV6, cancellationToken).ConfigureAwait(false);
            ipv6.Probes = handle;
            if (handle is null)
            {
                events.AddRange(NotRunning6(link, error ?? "unknown", now));
                return events;
            }

            ipv6.ProbeError = null;
            handle.Fast = ipv6.Tracker.WantsFastProbing;
            DaemonLog.ProbesStarted(logger, link.Name + " (IPv6)", handle.Source);
            events.AddRange(Changed6(link, ipv6.Tracker.OnAddress(true, now)));
        }

        return events;
    }

    private List<LinkEvent> NotRunning6(LinkRuntime link, string error, DateTimeOffset now)
    {
        var ipv6 = link.Ipv6!;
        if (error != ipv6.ProbeError)
        {
            DaemonLog.ProbesNotRunning(logger, link.Name + " (IPv6)", error);
            ipv6.ProbeError = error;
        }

        return Changed6(link, ipv6.Tracker.OnAddress(false, now));
    }

    /// <summary>An IPv6 transition becomes the IPv6 side's last event and arms or disarms the IPv6 side's long_down timer.</summary>
    private List<LinkEvent> Changed6(LinkRuntime link, LinkTransition? transition)
    {
        if (transition is null)
        {
            return [];
        }

        var linkEvent = link.Ipv6EventOf(transition, Facts.GetValueOrDefault(link.Name));
        link.Ipv6!.LastEvent = linkEvent;
        link.Ipv6.Transitions++;
        ArmLongDown(link, ipv6: true, transition.To == LinkState.Offline ? link.Ipv6.Tracker.Since : null);
        return [linkEvent];
    }

    /// <summary>Stops a link's probes and its long_down timer (a reload removed or replaced it, or the daemon stops).</summary>
    public async Task StopAsync(LinkRuntime link)
    {
        if (link.Probes is not null)
        {
            await link.Probes.DisposeAsync().ConfigureAwait(false);
            link.Probes = null;
        }

        if (link.Ipv6?.Probes is { } probes6)
        {
            await probes6.DisposeAsync().ConfigureAwait(false);
            link.Ipv6.Probes = null;
        }

        foreach (var family in (bool[])[false, true])
        {
            if (_longDownTimers.Remove((link.Name, family), out var timer))
            {
                timer.Dispose();
            }
        }
    }

    public async Task StopAllAsync()
    {
        foreach (var link in _links)
        {
            await StopAsync(link).ConfigureAwait(false);
        }

        foreach (var timer in _longDownTimers.Values)
        {
            timer.Dispose();
        }
    }

    private async Task<List<LinkEvent>> StartProbesAsync(MultiwanConfig config, LinkRuntime link, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (handle, error) = await probes.StartAsync(config, link.Config, link.Mark, rounds, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
        link.Probes = handle;
        if (handle is not null)
        {
            link.ProbeError = null;
            handle.Fast = link.Tracker.WantsFastProbing;
            DaemonLog.ProbesStarted(logger, link.Name, handle.Source);
            return Changed(link, link.Tracker.OnAddress(true, now));
        }

        return NotRunning(link, error ?? "unknown", now);
    }

    private async Task<List<LinkEvent>> AddressLostAsync(LinkRuntime link, LinkFacts fact, DateTimeOffset now)
    {
        if (link.Probes is not null)
        {
            await link.Probes.DisposeAsync().ConfigureAwait(false);
            link.Probes = null;
        }

        return NotRunning(link, $"link {link.Name}: no IPv4 address on {fact.Device}", now);
    }

    private List<LinkEvent> NotRunning(LinkRuntime link, string error, DateTimeOffset now)
    {
        if (error != link.ProbeError)
        {
            DaemonLog.ProbesNotRunning(logger, link.Name, error);
            link.ProbeError = error;
        }

        return Changed(link, link.Tracker.OnAddress(false, now));
    }

    /// <summary>A transition becomes the link's last event and arms or disarms its (IPv4) long_down timer.</summary>
    private List<LinkEvent> Changed(LinkRuntime link, LinkTransition? transition)
    {
        if (transition is null)
        {
            return [];
        }

        var linkEvent = link.EventOf(transition, Facts.GetValueOrDefault(link.Name));
        link.LastEvent = linkEvent;
        link.Transitions++;
        ArmLongDown(link, ipv6: false, transition.To == LinkState.Offline ? link.Tracker.Since : null);
        return [linkEvent];
    }

    /// <summary>After a family's transition: going offline (<paramref name="offlineSince"/> set) arms that family's long_down timer, any other change disarms it.</summary>
    private void ArmLongDown(LinkRuntime link, bool ipv6, DateTimeOffset? offlineSince)
    {
        var key = (link.Name, ipv6);
        if (_longDownTimers.Remove(key, out var old))
        {
            old.Dispose();
        }

        if (offlineSince is { } since)
        {
            _longDownTimers[key] = time.CreateTimer(_ => post(new EngineMessage.LongDownDue(key.Name, since, ipv6)), null, link.Config.Health.LongDown, Timeout.InfiniteTimeSpan);
        }
    }
}
