using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Multiwan.Events;

namespace Multiwan.Cli;

/// <summary><c>multiwan report [--since 7d] [--json]</c>: availability, outages, longest outage, MTTR and time degraded per link.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var since = ControlCli.SinceOption("7d");
        var json = Cli.JsonOption();
        var config = Cli.ConfigOption();
        var socket = ControlCli.SocketOption();
        var command = new Command("report", "Availability per link over a window, from the event journal") { since, json, config, socket };
        command.SetAction(async (parsed, ct) =>
        {
            var now = TimeProvider.System.GetUtcNow();
            if (ControlCli.ParseSince(parsed.GetValue(since)!, now) is not { } from)
            {
                return Cli.Error(Cli.Errors(parsed), $"--since: expected a duration such as 24h or 7d, or a date (got {parsed.GetValue(since)})", Cli.Usage);
            }

            // Every event: those before the window give each link's state at its start.
            var events = await EventsCommand.LoadAsync(parsed, config, socket, DateTimeOffset.MinValue, ct).ConfigureAwait(false);
            if (events is null)
            {
                return Cli.Failure;
            }

            var report = ReportBuilder.Build(events, from, now);
            Cli.Output(parsed).Write(parsed.GetValue(json) ? JsonSerializer.Serialize(report, ControlCli.Json.AvailabilityReport) + "\n" : Render(report));
            return Cli.Ok;
        });
        return command;
    }

    public static string Render(AvailabilityReport report)
    {
        var text = new StringBuilder();
        var format = "yyyy-MM-dd HH:mm'Z'";
        text.Append(CultureInfo.InvariantCulture, $"{report.From.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture)} .. {report.To.ToUniversalTime().ToString(format, CultureInfo.InvariantCulture)} ({EventText.Span(report.To - report.From)})\n");
        text.Append("link            available  outages  longest     mttr        degraded\n");
        foreach (var l in report.Links)
        {
            var available = l.AvailabilityPercent is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0.000}%") : "no data";
            var mttr = l.MeanTimeToRecoverSeconds is { } m ? EventText.Span(TimeSpan.FromSeconds(m)) : "-";
            var longest = l.Outages > 0 ? EventText.Span(TimeSpan.FromSeconds(l.LongestOutageSeconds)) : "-";
            var down = l.DownAtEnd ? "  (down now)" : "";
            text.Append(CultureInfo.InvariantCulture, $"{l.Link,-15} {available,9} {l.Outages,8}  {longest,-11} {mttr,-11} {EventText.Span(TimeSpan.FromSeconds(l.DegradedSeconds))}{down}\n");
        }

        if (report.Links.Count == 0)
        {
            text.Append("(no events in the journal)\n");
        }

        return text.ToString();
    }
}
