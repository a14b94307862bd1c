using Multiwan.Configuration;
using Multiwan.Text;

namespace Multiwan.Cli;

/// <summary>
/// The one way a command reads <c>--config</c> and reports on it, so every command says the same:
/// a bad file prints every warning and every error (<c>file:line: path: message (got X)</c>, control characters escaped) and then
/// <c>multiwan: PATH: N errors; CONSEQUENCE</c> (exit 1); a good one prints its warnings as <c>warning: ...</c>.
/// </summary>
internal static class ConfigInput
{
    /// <param name="consequence">What the command did not do, e.g. <c>nothing planned</c>; null for none.</param>
    /// <param name="arguments">
    /// Checks the command's own arguments against the valid config (e.g. <c>--assume</c> names a link): a message is
    /// a usage error (exit 2), printed alone, before any warning.
    /// </param>
    /// <returns>The config, or null with <paramref name="exitCode"/> set and everything already printed.</returns>
    public static LoadedConfig? Load(
        string path, TextWriter error, string? consequence, out int exitCode, Func<MultiwanConfig, string?>? arguments = null)
    {
        var result = ConfigLoader.Load(path, Firewall.IptablesTranslateTool.Default);
        if (!result.IsValid)
        {
            PrintWarnings(result.Warnings, error);
            foreach (var diagnostic in result.Errors)
            {
                error.WriteLine(SafeText.Escape(diagnostic.ToString()));
            }

            exitCode = Cli.Error(error, $"{path}: {Plural(result.Errors.Count, "error")}{(consequence is null ? "" : "; " + consequence)}");
            return null;
        }

        if (arguments?.Invoke(result.Config!) is { } usage)
        {
            exitCode = Cli.Error(error, usage, Cli.Usage);
            return null;
        }

        PrintWarnings(result.Warnings, error);
        exitCode = Cli.Ok;
        return new LoadedConfig(path, result.Config!, result.Warnings);
    }

    public static string Plural(int count, string one, string? many = null) => $"{count} {(count == 1 ? one : many ?? one + "s")}";

    private static void PrintWarnings(IReadOnlyList<ConfigDiagnostic> warnings, TextWriter error)
    {
        foreach (var warning in warnings)
        {
            error.WriteLine($"warning: {SafeText.Escape(warning.ToString())}");
        }
    }
}
