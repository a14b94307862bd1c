using Multiwan.Tracking;

namespace Multiwan.Control;

/// <summary>The wire <see cref="ControlRequest"/> ↔ the typed <see cref="ControlCommand"/>: the only place command names are spelled.</summary>
public static class ControlRequestParser
{
    public const string Commands = "status, link, reload, stop, events, report, monitor";

    /// <summary>The command, or one line saying what is wrong with the request.</summary>
    public static (ControlCommand? Command, string? Error) Parse(ControlRequest request) => request.Command switch
    {
        "status" => (new ControlCommand.Status(), null),
        "link" => ParseLink(request),
        "reload" => (new ControlCommand.Reload(), null),
        "stop" => (new ControlCommand.Stop(request.Cleanup), null),
        "events" => (new ControlCommand.Events(request.Since), null),
        "report" => (new ControlCommand.Report(request.Since), null),
        "monitor" => (new ControlCommand.Monitor(), null),
        _ => (null, $"unknown command '{request.Command}' ({Commands})"),
    };

    /// <summary>The request line that <see cref="Parse"/> reads back as <paramref name="command"/> (for clients and tests).</summary>
    public static ControlRequest ToRequest(ControlCommand command) => command switch
    {
        ControlCommand.Status => new ControlRequest { Command = "status" },
        ControlCommand.SetLink link => new ControlRequest { Command = "link", Link = link.Link, Action = ActionOf(link.Override) },
        ControlCommand.Reload => new ControlRequest { Command = "reload" },
        ControlCommand.Stop stop => new ControlRequest { Command = "stop", Cleanup = stop.Cleanup },
        ControlCommand.Events events => new ControlRequest { Command = "events", Since = events.Since },
        ControlCommand.Report report => new ControlRequest { Command = "report", Since = report.Since },
        ControlCommand.Monitor => new ControlRequest { Command = "monitor" },
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "not a control command"),
    };

    /// <summary><c>up</c>, <c>down</c> or <c>auto</c>, as the wire and the operator spell it.</summary>
    public static string ActionOf(LinkOverride value) => value.ToString().ToLowerInvariant();

    private static (ControlCommand?, string?) ParseLink(ControlRequest request)
    {
        LinkOverride? value = request.Action switch
        {
            "up" => LinkOverride.Up,
            "down" => LinkOverride.Down,
            "auto" => LinkOverride.Auto,
            _ => null,
        };
        return value is { } wanted
            ? (new ControlCommand.SetLink(request.Link ?? "", wanted), null)
            : (null, $"link: expected up, down or auto (got {request.Action})");
    }
}
