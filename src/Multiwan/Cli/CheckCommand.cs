using System.CommandLine;
using Multiwan.Configuration;

namespace Multiwan.Cli;

/// <summary><c>multiwan check [--config F]</c>: validate a config; a one-line summary, or every error.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var command = new Command("check", "Validate a configuration file (multiwan YAML or balance.conf) and summarise it")
        {
            config,
        };
        command.SetAction(parsed => Run(parsed.GetValue(config)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(string path, TextWriter output, TextWriter error)
    {
        var result = ConfigLoader.Load(path);
        PrintDiagnostics(result, error);
        if (!result.IsValid)
        {
            error.WriteLine($"multiwan: {path}: {Plural(result.Errors.Count, "error")}");
            return Cli.Failure;
        }

        output.WriteLine($"{path}: ok: {Summary(result.Config!)}{(result.Warnings.Count > 0 ? $", {Plural(result.Warnings.Count, "warning")}" : "")}");
        return Cli.Ok;
    }

    /// <summary>Warnings then errors, one per line, as <c>file:line: path: message (got X)</c>.</summary>
    public static void PrintDiagnostics(ConfigLoadResult result, TextWriter error)
    {
        foreach (var warning in result.Warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        foreach (var diagnostic in result.Errors)
        {
            error.WriteLine(diagnostic);
        }
    }

    /// <summary><c>2 links (cable 2, dsl 1), 1 LAN, 3 rules, mode balanced</c>.</summary>
    public static string Summary(MultiwanConfig config)
    {
        var links = config.Links.Select(l =>
            (config.Mode == BalanceMode.Failover ? $"{l.Name} tier {l.Tier}" : $"{l.Name} {l.Weight}") + (l.Backup ? " backup" : ""));
        var parts = new List<string>
        {
            $"{Plural(config.Links.Count, "link")} ({string.Join(", ", links)})",
            $"{config.Lan.Count} LAN",
        };
        if (config.Policies.Count > 0)
        {
            parts.Add(Plural(config.Policies.Count, "policy", "policies"));
        }

        parts.Add(Plural(config.Rules.Count, "rule"));
        parts.Add($"mode {config.Mode.ToString().ToLowerInvariant()}");
        return string.Join(", ", parts);
    }

    internal static string Plural(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
