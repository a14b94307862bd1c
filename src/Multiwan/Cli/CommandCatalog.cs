using System.CommandLine;

namespace Multiwan.Cli;

/// <summary>Every subcommand of <c>multiwan</c>, in help order. Each lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        CheckCommand.Create(),
        ImportCommand.Create(),
        StatusCommand.Create(),
        LinkCommand.Create(),
        ReloadCommand.Create(),
        StopCommand.Create(),
        EventsCommand.Create(),
        ReportCommand.Create(),
        MonitorCommand.Create(),
        DemoCommand.Create(),
    ];
}
