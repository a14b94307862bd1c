using Multiwan.Tracking;

namespace Multiwan.Events;

public sealed class ReportBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LinkEvent State(double minutes, string link, LinkState state, EventKind kind = EventKind.StateChange) =>
        new() { Timestamp = T0.AddMinutes(minutes), Kind = kind, Link = link, NewState = state };

    private static LinkEvent Daemon(double minutes, EventKind kind) => new() { Timestamp = T0.AddMinutes(minutes), Kind = kind };

    [Fact]
    public void Known_outages_give_the_expected_figures()
    {
        LinkEvent[] journal =
        [
            State(-10, "a", LinkState.Online),
            State(10, "a", LinkState.Offline),
            State(12, "a", LinkState.Connecting),
            State(13, "a", LinkState.Online),
            State(50, "a", LinkState.Degraded),
            State(55, "a", LinkState.Online),
            State(90, "a", LinkState.Offline),
        ];

        var a = Assert.Single(ReportBuilder.Build(journal, T0, T0.AddMinutes(100)).Links);

        Assert.Equal(100 * 60, a.ObservedSeconds, 3);
        Assert.Equal(87.0, a.AvailabilityPercent!.Value, 3);
        Assert.Equal(2, a.Outages);
        Assert.Equal(10 * 60, a.LongestOutageSeconds, 3);
        Assert.Equal(3 * 60, a.MeanTimeToRecoverSeconds!.Value, 3);
        Assert.Equal(5 * 60, a.DegradedSeconds, 3);
        Assert.True(a.DownAtEnd);
    }

    [Fact]
    public void A_dual_stack_links_ipv6_outage_has_its_own_row_and_does_not_count_against_ipv4()
    {
        LinkEvent[] journal =
        [
            State(-10, "a", LinkState.Online) with { Family = LinkEvent.Ipv4 },
            State(-10, "a", LinkState.Online) with { Family = LinkEvent.Ipv6 },
            State(20, "a", LinkState.Offline) with { Family = LinkEvent.Ipv6 },
            State(70, "a", LinkState.Online) with { Family = LinkEvent.Ipv6 },
        ];

        var report = ReportBuilder.Build(journal, T0, T0.AddMinutes(100), ["a"]);

        Assert.Equal(["a", "a (ipv6)"], report.Links.Select(l => l.Link));
        Assert.Equal(100.0, report.Links[0].AvailabilityPercent!.Value, 3);
        Assert.Equal(50.0, report.Links[1].AvailabilityPercent!.Value, 3);
        Assert.Equal(1, report.Links[1].Outages);
    }

    [Fact]
    public void Outage_crossing_the_window_start_counts_only_its_part_inside()
    {
        LinkEvent[] journal = [State(-30, "a", LinkState.Offline), State(20, "a", LinkState.Online)];

        var a = Assert.Single(ReportBuilder.Build(journal, T0, T0.AddMinutes(100)).Links);

        Assert.Equal(1, a.Outages);
        Assert.Equal(20 * 60, a.LongestOutageSeconds, 3);
        Assert.Equal(20 * 60, a.MeanTimeToRecoverSeconds!.Value, 3);
        Assert.Equal(80.0, a.AvailabilityPercent!.Value, 3);
        Assert.False(a.DownAtEnd);
    }

    [Fact]
    public void Disabled_is_unavailable_and_disconnecting_is_available()
    {
        LinkEvent[] journal =
        [
            State(0, "a", LinkState.Online),
            State(10, "a", LinkState.Disconnecting),
            State(20, "a", LinkState.Disabled, EventKind.Override),
            State(40, "a", LinkState.Online, EventKind.Override),
        ];

        var a = Assert.Single(ReportBuilder.Build(journal, T0, T0.AddMinutes(100)).Links);

        Assert.Equal(80.0, a.AvailabilityPercent!.Value, 3);
        Assert.Equal(1, a.Outages);
        Assert.Equal(20 * 60, a.MeanTimeToRecoverSeconds!.Value, 3);
    }

    [Fact]
    public void Time_while_the_daemon_was_stopped_is_not_observed_and_startup_connecting_is_no_outage()
    {
        LinkEvent[] journal =
        [
            State(0, "a", LinkState.Online),
            Daemon(40, EventKind.DaemonStop),
            Daemon(60, EventKind.DaemonStart),
            State(60, "a", LinkState.Connecting),
            State(61, "a", LinkState.Online),
        ];

        var a = Assert.Single(ReportBuilder.Build(journal, T0, T0.AddMinutes(100)).Links);

        Assert.Equal((40 + 39) * 60, a.ObservedSeconds, 3);
        Assert.Equal(100.0, a.AvailabilityPercent!.Value, 3);
        Assert.Equal(0, a.Outages);
        Assert.Null(a.MeanTimeToRecoverSeconds);
    }

    [Fact]
    public void An_outage_cut_by_a_daemon_stop_counts_but_not_towards_recovery_time()
    {
        LinkEvent[] journal = [State(0, "a", LinkState.Offline), Daemon(30, EventKind.DaemonStop)];

        var a = Assert.Single(ReportBuilder.Build(journal, T0, T0.AddMinutes(100)).Links);

        Assert.Equal(1, a.Outages);
        Assert.Equal(30 * 60, a.LongestOutageSeconds, 3);
        Assert.Null(a.MeanTimeToRecoverSeconds);
        Assert.Equal(0.0, a.AvailabilityPercent!.Value, 3);
    }

    [Fact]
    public void Links_are_separate_and_configured_links_without_events_are_listed()
    {
        LinkEvent[] journal = [State(0, "a", LinkState.Online), State(0, "b", LinkState.Offline), State(50, "b", LinkState.Online)];

        var report = ReportBuilder.Build(journal, T0, T0.AddMinutes(100), ["c"]);

        Assert.Equal(["c", "a", "b"], report.Links.Select(l => l.Link));
        Assert.Null(report.Links[0].AvailabilityPercent);
        Assert.Equal(100.0, report.Links[1].AvailabilityPercent!.Value, 3);
        Assert.Equal(50.0, report.Links[2].AvailabilityPercent!.Value, 3);
    }

    [Fact]
    public void Events_after_the_window_are_ignored()
    {
        LinkEvent[] journal = [State(0, "a", LinkState.Online), State(150, "a", LinkState.Offline)];

        var a = Assert.Single(ReportBuilder.Build(journal, T0, T0.AddMinutes(100)).Links);

        Assert.Equal(0, a.Outages);
        Assert.Equal(100.0, a.AvailabilityPercent!.Value, 3);
    }
}
