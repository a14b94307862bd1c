using Multiwan.Daemon;
using Multiwan.Events;
using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary><c>events</c> and <c>report</c> without a daemon: straight from a synthetic journal (with a torn last line).</summary>
public sealed class JournalCommandsTests
{
    [Fact]
    public async Task Report_and_events_read_the_journal_when_the_daemon_is_not_running()
    {
        using var dir = new TempDirectory();
        var config = dir.Combine("multiwan.yaml");
        File.WriteAllText(config, EngineHarness.Yaml.Replace("HOOKS", dir.Combine("hooks"), StringComparison.Ordinal).Replace("TIMEOUT", "2s", StringComparison.Ordinal).Replace("DIR", dir.Path, StringComparison.Ordinal));
        var now = DateTimeOffset.UtcNow;
        using (var journal = new EventJournal(dir.Combine("state"), 1 << 20, new ListLogger()))
        {
            LinkEvent State(double hoursAgo, string link, LinkState state) => new() { Timestamp = now.AddHours(-hoursAgo), Kind = EventKind.StateChange, Link = link, NewState = state, Reason = "synthetic" };
            journal.Append(State(30, "a", LinkState.Online));
            journal.Append(State(30, "b", LinkState.Online));
            journal.Append(State(10, "a", LinkState.Offline));
            journal.Append(State(8, "a", LinkState.Online));
            journal.Append(State(6, "b", LinkState.Degraded));
            journal.Append(State(5, "b", LinkState.Online));
        }

        File.AppendAllText(dir.Combine("state", EventJournal.FileName), "{\"timestamp\":\"20");

        var report = await MultiwanCli.RunAsync("report", "--since", "24h", "--config", config, "--socket", dir.Combine("none.sock"));
        var events = await MultiwanCli.RunAsync("events", "--since", "12h", "--link", "a", "--config", config, "--socket", dir.Combine("none.sock"));

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("link            available  outages  longest     mttr        degraded", report.StdoutLines[1]);
        Assert.Equal("a                 91.667%        1  2h 00m      2h 00m      0s", report.StdoutLines[2]);
        Assert.Equal("b                100.000%        0  -           -           1h 00m", report.StdoutLines[3]);
        Assert.Equal(0, events.ExitCode);
        Assert.Equal(2, events.StdoutLines.Length);
        Assert.EndsWith("a: state unknown -> offline: synthetic", events.StdoutLines[0], StringComparison.Ordinal);
    }
}
