using Multiwan.Tracking;

namespace Multiwan.Control;

public sealed class ControlRequestParserTests
{
    private static readonly DateTimeOffset Since = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static TheoryData<ControlRequest, ControlCommand> Requests => new()
    {
        { new ControlRequest { Command = "status" }, new ControlCommand.Status() },
        { new ControlRequest { Command = "link", Link = "fiber", Action = "down" }, new ControlCommand.SetLink("fiber", LinkOverride.Down) },
        { new ControlRequest { Command = "link", Link = "fiber", Action = "up" }, new ControlCommand.SetLink("fiber", LinkOverride.Up) },
        { new ControlRequest { Command = "link", Link = "fiber", Action = "auto" }, new ControlCommand.SetLink("fiber", LinkOverride.Auto) },
        { new ControlRequest { Command = "reload" }, new ControlCommand.Reload() },
        { new ControlRequest { Command = "stop", Cleanup = true }, new ControlCommand.Stop(true) },
        { new ControlRequest { Command = "stop" }, new ControlCommand.Stop(false) },
        { new ControlRequest { Command = "events", Since = Since }, new ControlCommand.Events(Since) },
        { new ControlRequest { Command = "report" }, new ControlCommand.Report(null) },
        { new ControlRequest { Command = "monitor" }, new ControlCommand.Monitor() },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public void Each_request_line_is_one_typed_command_and_back(ControlRequest request, ControlCommand expected)
    {
        var (command, error) = ControlRequestParser.Parse(request);

        Assert.Null(error);
        Assert.Equal(expected, command);
        Assert.Equal(request, ControlRequestParser.ToRequest(command!));
    }

    [Theory]
    [InlineData("metrics", null, "unknown command 'metrics' (status, link, reload, stop, events, report, monitor)")]
    [InlineData("Status", null, "unknown command 'Status' (status, link, reload, stop, events, report, monitor)")]
    [InlineData("link", "sideways", "link: expected up, down or auto (got sideways)")]
    [InlineData("link", null, "link: expected up, down or auto (got )")]
    public void A_bad_request_is_one_line_saying_what_is_wrong(string name, string? action, string expected)
    {
        var (command, error) = ControlRequestParser.Parse(new ControlRequest { Command = name, Link = "fiber", Action = action });

        Assert.Null(command);
        Assert.Equal(expected, error);
    }
}
