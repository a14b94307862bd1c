namespace Multiwan.Events;

/// <summary>Availability per link over a window (<c>multiwan report</c>; the <c>--json</c> shape). Durations in seconds.</summary>
public sealed record AvailabilityReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<LinkAvailability> Links);

/// <summary>
/// One link's figures over the report window (definitions in docs/EVENTS.md):
/// <see cref="ObservedSeconds"/> is the time its state was known; available time is spent online, degraded or
/// disconnecting; an outage is a run of offline, connecting or disabled time.
/// </summary>
public sealed record LinkAvailability
{
    public required string Link { get; init; }

    public double ObservedSeconds { get; init; }

    public double AvailableSeconds { get; init; }

    /// <summary>Available / observed × 100; null when nothing was observed.</summary>
    public double? AvailabilityPercent { get; init; }

    public int Outages { get; init; }

    public double LongestOutageSeconds { get; init; }

    /// <summary>Mean length of the outages that ended with the link available again; null when none did.</summary>
    public double? MeanTimeToRecoverSeconds { get; init; }

    public double DegradedSeconds { get; init; }

    /// <summary>True while the window ends inside an outage.</summary>
    public bool DownAtEnd { get; init; }
}
