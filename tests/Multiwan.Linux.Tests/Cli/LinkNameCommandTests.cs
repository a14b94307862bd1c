using Multiwan.Daemon;
using Multiwan.Events;
using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>Issue 11 item 1, CLI side: upper-case balance.conf names pass check and plan as written; every command matches a link name without regard to case.</summary>
public sealed class LinkNameCommandTests
{
    private const string UpperCase = "CABLE eth0 isp 192.0.2.1 2\nDSL ppp0 isp 198.51.100.1 1\nLAN eth1 lan\n";

    [Fact]
    public async Task A_balance_conf_with_upper_case_names_passes_check()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("balance.conf");
        await File.WriteAllTextAsync(path, UpperCase);

        var run = await MultiwanCli.RunAsync("check", "--config", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("CABLE", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_keeps_the_names_in_its_comments_and_matches_assume_without_regard_to_case()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("balance.conf");
        File.WriteAllText(path, UpperCase);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = PlanCommand.Run(new PlanRequest(path, ["dsl=down"], [], false, dir.Combine("state")), output, error);

        Assert.Equal(Cli.Ok, code);
        var text = output.ToString();
        Assert.Contains("# CABLE  eth0", text, StringComparison.Ordinal);
        Assert.Contains("# policy default: CABLE 100 %", text, StringComparison.Ordinal);
        Assert.Contains("<CABLE.gateway>", text, StringComparison.Ordinal);
        Assert.Contains("chain mark_CABLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("mark_cable", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_link_matches_without_regard_to_case_and_an_unknown_name_is_an_error()
    {
        using var dir = new TempDirectory();
        var config = dir.Combine("multiwan.yaml");
        File.WriteAllText(config, $"""
            links:
              - name: CABLE
                interface: eth0
                targets: [192.0.2.1]
              - name: DSL
                interface: ppp0
                targets: [198.51.100.1]
            daemon:
              state_directory: {dir.Combine("state")}
            """);
        var now = DateTimeOffset.UtcNow;
        using (var journal = new EventJournal(dir.Combine("state"), 1 << 20, new ListLogger()))
        {
            journal.Append(new LinkEvent { Timestamp = now.AddHours(-1), Kind = EventKind.StateChange, Link = "CABLE", NewState = LinkState.Offline, Reason = "synthetic" });
            journal.Append(new LinkEvent { Timestamp = now.AddHours(-1), Kind = EventKind.StateChange, Link = "DSL", NewState = LinkState.Online, Reason = "synthetic" });
        }

        var state = dir.Combine("state");
        var matched = await EventsAsync(config, state, "cable");
        var unknown = await EventsAsync(config, state, "wifi");

        Assert.Equal(0, matched.ExitCode);
        var line = Assert.Single(matched.StdoutLines);
        Assert.EndsWith("CABLE: state unknown -> offline: synthetic", line, StringComparison.Ordinal);
        Assert.Equal(Cli.Usage, unknown.ExitCode);
        Assert.Equal("", unknown.Stdout);
        Assert.Equal("multiwan: --link: no link named 'wifi' (links: CABLE, DSL)\n", unknown.Stderr);
    }

    [Fact]
    public async Task Probe_of_an_unknown_link_names_the_known_ones()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("balance.conf");
        await File.WriteAllTextAsync(path, UpperCase);

        var run = await MultiwanCli.RunAsync("probe", "wifi", "--config", path, "--count", "1");

        Assert.Equal(Cli.Usage, run.ExitCode);
        Assert.Equal($"multiwan: no link named wifi in {path} (links: CABLE, DSL)\n", run.Stderr);
    }

    private static Task<MultiwanCli.Outcome> EventsAsync(string config, string state, string link) =>
        MultiwanCli.RunAsync("events", "--since", "12h", "--link", link, "--config", config, "--socket", Path.Combine(state, "none.sock"));
}
