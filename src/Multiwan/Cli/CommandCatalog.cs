using System.CommandLine;

namespace Multiwan.Cli;

/// <summary>Every subcommand of <c>multiwan</c>, in help order. Each lives in its own file.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All() =>
    [
        StatusCommand.Create(),
        RunCommand.Create(),
        ControlVerbs.Link(),
        ControlVerbs.Reload(),
        ControlVerbs.Stop(),
        EventsCommand.Create(),
        ReportCommand.Create(),
        MonitorCommand.Create(),
        CheckCommand.Create(),
        PlanCommand.Create(),
        ExplainCommand.Create(),
        ProbeCommand.Create(),
        ImportCommand.Create(),
        ApplyCommand.Create(),
        CleanupCommand.Create(),
        DemoCommand.Create(),
        UseCommand.Create(),
    ];
}
