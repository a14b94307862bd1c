using System.Diagnostics;
using System.Text.Json;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Lab;
using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>The daemon-facing commands, run in-process (a non-root caller: a real child process) against a control socket served in the test.</summary>
public sealed class ControlCommandsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeControlHandler _handler = new();
    private readonly ListLogger _logger = new();

    public void Dispose() => _dir.Dispose();

    private string Socket => _dir.Combine("multiwan.sock");

    [Fact]
    public async Task Status_prints_the_table_and_the_json_contract()
    {
        await using var server = new ControlServer(Socket, _handler, _logger);
        server.Start();
        _handler.Answer = new ControlResponse { Ok = true, Status = StatusFixture.Snapshot() };

        var text = await MultiwanCli.RunAsync("status", "--socket", Socket);
        var bare = await MultiwanCli.RunAsync("--socket", Socket);
        var json = await MultiwanCli.RunAsync("status", "--json", "--socket", Socket);

        Assert.Equal(0, text.ExitCode);
        Assert.StartsWith("multiwan: balanced, 1/2 links carrying", text.Stdout, StringComparison.Ordinal);
        Assert.Equal(text.StdoutLines[2..], bare.StdoutLines[2..]);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal("fiber-primary", doc.RootElement.GetProperty("links")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Link_reload_and_stop_send_their_requests()
    {
        await using var server = new ControlServer(Socket, _handler, _logger);
        server.Start();

        Assert.Equal(0, (await MultiwanCli.RunAsync("link", "down", "dsl", "--socket", Socket)).ExitCode);
        Assert.Equal(0, (await MultiwanCli.RunAsync("stop", "--cleanup", "--socket", Socket)).ExitCode);
        var usage = await MultiwanCli.RunAsync("link", "sideways", "dsl", "--socket", Socket);

        Assert.Equal(2, usage.ExitCode);
        Assert.Equal([("link", "dsl", "down", false), ("stop", null, null, true)], _handler.Requests.Select(r => (r.Command, r.Link, r.Action, r.Cleanup)));
    }

    [Fact]
    public async Task A_refused_reload_exits_1_with_every_error()
    {
        await using var server = new ControlServer(Socket, _handler, _logger);
        server.Start();
        _handler.Answer = new ControlResponse { Ok = false, Error = "reload refused: 2 errors; the running config stays", Errors = ["a.yaml:3: links[0].weight: must be 1-1000 (got 0)", "a.yaml:9: mode: unknown (got fast)"] };

        var outcome = await MultiwanCli.RunAsync("reload", "--socket", Socket);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(["a.yaml:3: links[0].weight: must be 1-1000 (got 0)", "a.yaml:9: mode: unknown (got fast)", "multiwan: reload refused: 2 errors; the running config stays"], outcome.StderrLines);
    }

    [Fact]
    public async Task No_daemon_is_one_clear_line_and_exit_1()
    {
        var outcome = await MultiwanCli.RunAsync("status", "--socket", Socket);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal([$"multiwan: the daemon is not running (no control socket at {Socket}); start it with 'systemctl start multiwan' or 'multiwan run'"], outcome.StderrLines);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_non_root_caller_is_refused_with_one_line(bool socketOpenToAll)
    {
        // 0600 (production): the kernel refuses the connect. 0666: the daemon's SO_PEERCRED check refuses it.
        var mode = socketOpenToAll ? (UnixFileMode)0b110_110_110 : UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var server = new ControlServer(Socket, _handler, _logger, mode);
        server.Start();

        var outcome = await RunAsNobodyAsync("status", "--socket", Socket);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(["multiwan: permission denied: the control socket accepts root only"], outcome.StderrLines);
        Assert.Empty(_handler.Requests);
        Assert.Equal(socketOpenToAll, _logger.All.Contains("refused a caller with uid 65534", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Events_and_report_come_from_the_daemon()
    {
        await using var server = new ControlServer(Socket, _handler, _logger);
        server.Start();
        var now = DateTimeOffset.UtcNow;
        _handler.Answer = new ControlResponse
        {
            Ok = true,
            Events =
            [
                new LinkEvent { Timestamp = now.AddHours(-2), Kind = EventKind.StateChange, Link = "dsl", Device = "ppp0", OldState = LinkState.Online, NewState = LinkState.Offline, Reason = "carrier lost" },
                new LinkEvent { Timestamp = now.AddHours(-1), Kind = EventKind.StateChange, Link = "dsl", Device = "ppp0", OldState = LinkState.Connecting, NewState = LinkState.Online },
                new LinkEvent { Timestamp = now.AddHours(-1), Kind = EventKind.StateChange, Link = "fiber", OldState = LinkState.Connecting, NewState = LinkState.Online },
            ],
        };

        var events = await MultiwanCli.RunAsync("events", "--link", "dsl", "--socket", Socket);
        var report = await MultiwanCli.RunAsync("report", "--since", "3h", "--json", "--socket", Socket);

        Assert.Equal(2, events.StdoutLines.Length);
        Assert.Contains("dsl (ppp0): state online -> offline: carrier lost", events.StdoutLines[0], StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(report.Stdout);
        var dsl = doc.RootElement.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("link").GetString() == "dsl");
        Assert.Equal(1, dsl.GetProperty("outages").GetInt32());
        Assert.Equal(3600, dsl.GetProperty("longest_outage_seconds").GetDouble(), 0);
    }

    [Fact]
    public async Task Bad_since_is_a_usage_error()
    {
        var outcome = await MultiwanCli.RunAsync("events", "--since", "yesterday-ish", "--socket", Socket);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(["multiwan: --since: expected a duration such as 24h or 7d, or a date (got yesterday-ish)"], outcome.StderrLines);
    }

    private static async Task<MultiwanCli.Outcome> RunAsNobodyAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["--reuid", "65534", "--regid", "65534", "--clear-groups", .. MultiwanBinary.Command(AppContext.BaseDirectory), .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_CLI_HOME"] = "/tmp";
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new MultiwanCli.Outcome(process.ExitCode, await stdout, await stderr);
    }
}
