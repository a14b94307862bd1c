using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;

namespace Multiwan.Cli;

/// <summary><c>multiwan events [--since 24h] [--link X] [--json]</c>: the event history, from the daemon or (when it is not running) the journal.</summary>
internal static class EventsCommand
{
    public static Command Create()
    {
        var since = ControlCli.SinceOption("24h");
        var link = new Option<string?>("--link") { Description = "Only this link's events" };
        var json = Cli.JsonOption();
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("events", "List past events (state changes, overrides, reloads) from the journal") { since, link, json, config, socket };
        command.SetAction(async (parsed, ct) =>
        {
            if (ControlCli.ParseSince(parsed.GetValue(since)!, TimeProvider.System.GetUtcNow()) is not { } from)
            {
                return Cli.Error(Cli.Errors(parsed), $"--since: expected a duration such as 24h or 7d, or a date (got {parsed.GetValue(since)})", Cli.Usage);
            }

            var events = await LoadAsync(parsed, config, socket, from, ct).ConfigureAwait(false);
            if (events is null)
            {
                return Cli.Failure;
            }

            var only = parsed.GetValue(link);
            if (only is not null)
            {
                only = LinkNameMatch.Find(KnownLinks(parsed.GetValue(config)!, events), only, out var unknown);
                if (only is null)
                {
                    return Cli.Error(Cli.Errors(parsed), $"--link: {unknown}", Cli.Usage);
                }
            }

            var shown = only is null ? events : [.. events.Where(e => e.Link == only)];
            Cli.Output(parsed).Write(parsed.GetValue(json)
                ? JsonSerializer.Serialize(shown, ControlCli.Json.IReadOnlyListLinkEvent) + "\n"
                : string.Concat(shown.Select(e => EventText.Line(e) + "\n")));
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>The links <c>--link</c> may name: those of the config (when it loads) and those the events mention (a link since removed).</summary>
    private static IEnumerable<string> KnownLinks(string configPath, IReadOnlyList<LinkEvent> events)
    {
        var result = ConfigLoader.Load(configPath);
        var configured = result.IsValid ? result.Config!.Links.Select(l => l.Name) : [];
        return configured.Concat(events.Select(e => e.Link).Where(n => n.Length > 0));
    }

    /// <summary>From the daemon when it runs; else straight from the journal under the state directory.</summary>
    public static async Task<IReadOnlyList<LinkEvent>?> LoadAsync(ParseResult parsed, Option<string> config, Option<string?> socket, DateTimeOffset from, CancellationToken ct)
    {
        var client = ControlCli.Client(parsed, socket, config);
        var response = await client.RequestAsync(new ControlRequest { Command = "events", Since = from }, TimeSpan.FromSeconds(30), ct).ConfigureAwait(false);
        if (response.Ok)
        {
            return response.Events ?? [];
        }

        if (!response.Unreachable || response.Error == ControlServer.PermissionDenied)
        {
            Cli.Error(Cli.Errors(parsed), response.Error ?? "the daemon refused the request");
            return null;
        }

        var directory = ControlCli.Daemon(parsed.GetValue(config)!).StateDirectory;
        return EventJournal.ReadDirectory(directory, NullLogger.Instance, from);
    }
}
