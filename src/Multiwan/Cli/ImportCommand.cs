using System.CommandLine;
using Multiwan.Configuration;

namespace Multiwan.Cli;

/// <summary><c>multiwan import FILE</c>: print a balance.conf (or any config) as the equivalent native YAML.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A Net-ISP-Balance balance.conf (or a multiwan YAML to normalise)" };
        var command = new Command("import", "Print the multiwan YAML equivalent to a Net-ISP-Balance balance.conf")
        {
            file,
        };
        command.SetAction(parsed => Run(parsed.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, TextWriter output, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        CheckCommand.PrintDiagnostics(result, error);
        if (!result.IsValid)
        {
            error.WriteLine($"multiwan: {path}: {CheckCommand.Plural(result.Errors.Count, "error")}; nothing imported");
            return Cli.Failure;
        }

        output.WriteLine($"# multiwan configuration converted from {path} by 'multiwan import'.");
        foreach (var warning in result.Warnings)
        {
            output.WriteLine($"# warning: {warning}");
        }

        output.Write(ConfigYamlWriter.Write(result.Config!));
        return Cli.Ok;
    }
}
