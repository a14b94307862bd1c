using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Events;

/// <summary>Computes <see cref="AvailabilityReport"/> from journal events: pure, so it is tested on synthetic journals.</summary>
public static class ReportBuilder
{
    /// <param name="events">Every event known, including some before <paramref name="from"/> (they give the state at its start).</param>
    /// <param name="links">Links to report even without events (the configured ones); others found in events are added.</param>
    public static AvailabilityReport Build(IEnumerable<LinkEvent> events, DateTimeOffset from, DateTimeOffset to, IEnumerable<string>? links = null)
    {
        var ordered = events.Where(e => e.Timestamp <= to).OrderBy(e => e.Timestamp).ToList();
        var names = new List<string>(links ?? []);
        foreach (var e in ordered)
        {
            if (e.Link.Length > 0 && e.NewState is not null && !names.Contains(NameOf(e)))
            {
                names.Add(NameOf(e));
            }
        }

        return new AvailabilityReport(from, to, [.. names.Select(name => ForLink(name, ordered, from, to))]);
    }

    /// <summary>
    /// The row an event counts for: the link, or for a dual-stack link's IPv6 events <c>LINK (ipv6)</c>, so IPv6 health
    /// has its own availability and never counts against the link's IPv4 (or IPv4-only) row.
    /// </summary>
    public static string NameOf(LinkEvent e) => e?.Family == LinkEvent.Ipv6 ? $"{e.Link} (ipv6)" : e?.Link ?? "";

    /// <summary>Available = the link still answers (the same states in which it keeps its connections).</summary>
    public static bool IsAvailable(LinkState state) => PolicyEngine.KeepsConnections(state);

    private static LinkAvailability ForLink(string link, List<LinkEvent> ordered, DateTimeOffset from, DateTimeOffset to)
    {
        var acc = new Accumulator(from, to);
        LinkState? current = null;
        var since = DateTimeOffset.MinValue;
        foreach (var e in ordered)
        {
            LinkState? next;
            if (e.Kind is EventKind.DaemonStart or EventKind.DaemonStop)
            {
                next = null;
            }
            else if (e.Kind is EventKind.StateChange or EventKind.Override && NameOf(e) == link && e.NewState is { } state)
            {
                // Connecting straight after an unknown period is the daemon still finding out, not an outage.
                next = current is null && state == LinkState.Connecting ? null : state;
            }
            else
            {
                continue;
            }

            acc.Add(current, since, e.Timestamp);
            current = next;
            since = e.Timestamp;
        }

        acc.Add(current, since, to);
        return acc.Result(link);
    }

    /// <summary>Adds segments of constant state in time order, clipped to the window.</summary>
    private sealed class Accumulator(DateTimeOffset from, DateTimeOffset to)
    {
        private double _observed;
        private double _available;
        private double _degraded;
        private int _outages;
        private double _longest;
        private readonly List<double> _recovered = [];
        private double? _openOutage;

        public void Add(LinkState? state, DateTimeOffset start, DateTimeOffset end)
        {
            var seconds = (Min(end, to) - Max(start, from)).TotalSeconds;
            if (seconds <= 0 && !(end >= from && end <= to))
            {
                return;
            }

            seconds = Math.Max(seconds, 0);
            if (state is not { } known)
            {
                CloseOutage(recovered: false);
                return;
            }

            _observed += seconds;
            if (IsAvailable(known))
            {
                CloseOutage(recovered: true);
                _available += seconds;
                _degraded += known == LinkState.Degraded ? seconds : 0;
            }
            else if (seconds > 0 || _openOutage is not null)
            {
                _openOutage = (_openOutage ?? 0) + seconds;
            }
        }

        public LinkAvailability Result(string link)
        {
            var downAtEnd = _openOutage is not null;
            CloseOutage(recovered: false);
            return new LinkAvailability
            {
                Link = link,
                ObservedSeconds = _observed,
                AvailableSeconds = _available,
                AvailabilityPercent = _observed > 0 ? 100 * _available / _observed : null,
                Outages = _outages,
                LongestOutageSeconds = _longest,
                MeanTimeToRecoverSeconds = _recovered.Count > 0 ? _recovered.Average() : null,
                DegradedSeconds = _degraded,
                DownAtEnd = downAtEnd,
            };
        }

        private void CloseOutage(bool recovered)
        {
            if (_openOutage is not { } length)
            {
                return;
            }

            _outages++;
            _longest = Math.Max(_longest, length);
            if (recovered)
            {
                _recovered.Add(length);
            }

            _openOutage = null;
        }

        private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

        private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
    }
}
