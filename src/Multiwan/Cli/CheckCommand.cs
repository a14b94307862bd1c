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
        command.SetAction(parsed => Run(parsed.GetValue(config)!, Cli.Output(parsed), Cli.Errors(parsed)));
        return command;
    }

    public static int Run(string path, TextWriter output, TextWriter error)
    {
        if (ConfigInput.Load(path, error, null, out var exitCode) is not { } loaded)
        {
            return exitCode;
        }

        var (snippetError, snippetWarning) = Firewall.SnippetCheck.Run(loaded.Config);
        if (snippetError is not null)
        {
            error.WriteLine(Text.SafeText.Escape(snippetError));
            return Cli.Error(error, $"{path}: 1 error");
        }

        if (snippetWarning is not null)
        {
            error.WriteLine($"warning: {snippetWarning}");
        }

        output.WriteLine($"{path}: ok: {Summary(loaded.Config)}{(loaded.Warnings.Count > 0 ? $", {Plural(loaded.Warnings.Count, "warning")}" : "")}");
        return Cli.Ok;
    }

    /// <summary><c>2 links (cable 2, dsl 1), 1 LAN, 3 rules, mode balanced</c>, then <c>IPv6 npt on 2 links</c> when dual-stack and the firewall when there is one.</summary>
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
        if (config.Ipv6.LanMode is { } lanMode && config.Links.Any(l => l.Ipv6 is not null))
        {
            parts.Add($"IPv6 {lanMode.ToString().ToLowerInvariant()} on {Plural(config.Links.Count(l => l.Ipv6 is not null), "link")}");
        }

        if (config.Firewall.Active)
        {
            // Said plainly: a balance.conf turns the firewall on by itself.
            var fw = config.Firewall;
            parts.Add($"firewall {fw.Profile.ToString().ToLowerInvariant()} ({Plural(fw.Forwards.Count, "forward")}, {Plural(fw.Snippets.Count, "snippet file")})");
        }

        return string.Join(", ", parts);
    }

    internal static string Plural(int count, string one, string? many = null) => ConfigInput.Plural(count, one, many);
}
