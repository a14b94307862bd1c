using System.Text.Json;
using Multiwan.Control;
using Multiwan.Daemon;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan explain</c> against a running engine on its control socket (<see cref="Ipv6SelectBestEngineTests"/>'s
/// links: a fast over IPv4, b fast over IPv6, every connection to policy best, <c>select: best</c>): the daemon's
/// states and elections per family, and <c>--assume</c> over them.
/// </summary>
public sealed class ExplainDaemonTests
{
    [Fact]
    public async Task The_running_daemons_elections_per_family_not_the_first_candidate()
    {
        await using var h = await Ipv6SelectBestEngineTests.MeasuredAsync();
        await using var server = Serve(h);

        var live = await MultiwanCli.RunAsync("explain", "--config", h.ConfigPath);

        Assert.Equal((0, ""), (live.ExitCode, live.Stderr));
        Assert.Equal(
            $"""
            # multiwan explain for {h.ConfigPath}: a new connection (any); link states and elections from the running daemon (pid {Environment.ProcessId} on {server.Path}); nothing was changed
            IPv4: rule all -> policy best (balanced)
              a  online    100 %  elected by select: best (the running daemon's election)
              b  online      0 %  select: best elected a
            IPv6: rule all -> policy best (balanced)
              a  online      0 %  select: best elected b
              b  online    100 %  elected by select: best (the running daemon's election)

            """,
            live.Stdout);
    }

    [Fact]
    public async Task Assume_overrides_the_daemons_states_and_without_a_daemon_the_config_decides()
    {
        await using var h = await Ipv6SelectBestEngineTests.MeasuredAsync();
        var socket = Path.Combine(h.Dir, "run", "multiwan.sock");
        var before = await MultiwanCli.RunAsync("explain", "--config", h.ConfigPath, "--family", "6", "--json");
        await using var server = Serve(h);

        var assumed = await MultiwanCli.RunAsync("explain", "--config", h.ConfigPath, "--socket", socket, "--family", "6", "--assume", "b.ipv6=down");
        var json = await MultiwanCli.RunAsync("explain", "--config", h.ConfigPath, "--family", "6", "--json");

        Assert.Equal($"explain: from the config: no daemon on {socket}\n", before.Stderr);
        Assert.Equal(("config", "a"), Elected(before.Stdout));
        Assert.Equal(
            $"""
            # multiwan explain for {h.ConfigPath}: a new connection (any); link states and elections from the running daemon (pid {Environment.ProcessId} on {socket}), --assume/--fact over them; nothing was changed
            IPv6: rule all -> policy best (balanced)
              a  online     100 %  select: best: the first candidate (the daemon has elected no candidate of these states)
              b  offline      0 %  offline: takes no new connections

            """,
            assumed.Stdout);
        Assert.Equal(("daemon", "b"), Elected(json.Stdout));
    }

    /// <summary>The engine's control socket, where its config says (<c>DIR/run/multiwan.sock</c>).</summary>
    private static ControlServer Serve(EngineHarness h)
    {
        var server = new ControlServer(Path.Combine(h.Dir, "run", "multiwan.sock"), h.Engine, h.Logger);
        server.Start();
        return server;
    }

    /// <summary>explain --json's <c>states</c> and the IPv6 link that takes every new connection.</summary>
    private static (string?, string?) Elected(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var family = doc.RootElement.GetProperty("families")[0];
        var link = family.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("share").GetDouble() == 1);
        return (doc.RootElement.GetProperty("states").GetString(), link.GetProperty("name").GetString());
    }
}
