using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Events;

public sealed class EventJournalTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static LinkEvent Event(int seconds, LinkState state) =>
        new() { Timestamp = T0.AddSeconds(seconds), Kind = EventKind.StateChange, Link = "a", NewState = state, Reason = new string('x', 50) };

    [Fact]
    public void Appended_events_read_back_in_order_and_since_filters()
    {
        using var dir = new TempDirectory();
        using var journal = new EventJournal(dir.Path, 1 << 20, new ListLogger());

        Assert.True(journal.Append(Event(1, LinkState.Online)));
        Assert.True(journal.Append(Event(2, LinkState.Offline)));
        Assert.True(journal.Append(Event(3, LinkState.Online)));

        Assert.Equal([1, 2, 3], journal.Read().Select(e => (int)(e.Timestamp - T0).TotalSeconds));
        Assert.Equal([2, 3], journal.Read(T0.AddSeconds(2)).Select(e => (int)(e.Timestamp - T0).TotalSeconds));
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_the_next_append_starts_a_fresh_line()
    {
        using var dir = new TempDirectory();
        var logger = new ListLogger();
        using (var journal = new EventJournal(dir.Path, 1 << 20, logger))
        {
            journal.Append(Event(1, LinkState.Online));
            journal.Append(Event(2, LinkState.Offline));
        }

        var path = dir.Combine(EventJournal.FileName);
        File.AppendAllText(path, """{"timestamp":"2026-01-01T00:00:03+00:00","kind":"sta""");

        Assert.Equal(2, EventJournal.ReadDirectory(dir.Path, logger).Count);
        Assert.Contains(logger.Lines, l => l.Contains("torn last line", StringComparison.Ordinal));

        using (var journal = new EventJournal(dir.Path, 1 << 20, logger))
        {
            journal.Append(Event(4, LinkState.Online));
        }

        var events = EventJournal.ReadDirectory(dir.Path, logger);
        Assert.Equal([1, 2, 4], events.Select(e => (int)(e.Timestamp - T0).TotalSeconds));
    }

    [Fact]
    public void Garbage_in_the_middle_is_skipped()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine(EventJournal.FileName), "not json\n{\"timestamp\":\"2026-01-01T00:00:00+00:00\",\"kind\":\"reload\"}\n");

        var events = EventJournal.ReadDirectory(dir.Path, new ListLogger());

        Assert.Equal(EventKind.Reload, Assert.Single(events).Kind);
    }

    [Fact]
    public void Rotates_past_the_size_and_reads_both_files()
    {
        using var dir = new TempDirectory();
        using var journal = new EventJournal(dir.Path, 4096, new ListLogger());

        for (var i = 0; i < 100; i++)
        {
            journal.Append(Event(i, LinkState.Online));
        }

        Assert.True(File.Exists(journal.RotatedPath));
        Assert.True(new FileInfo(journal.CurrentPath).Length <= 4096);
        var read = journal.Read();
        Assert.Equal(read.Select(e => e.Timestamp).Order(), read.Select(e => e.Timestamp));
        Assert.Equal(99, (int)(read[^1].Timestamp - T0).TotalSeconds);
        Assert.True(read.Count < 100);
    }

    [Fact]
    public void A_missing_directory_reads_as_empty()
    {
        Assert.Empty(EventJournal.ReadDirectory("/nonexistent/multiwan", new ListLogger()));
    }
}
