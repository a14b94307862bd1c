using System.CommandLine;

namespace Multiwan.Cli;

/// <summary>Shared pieces of the command line: exit codes, one-line errors, the --config and --json options.</summary>
internal static class Cli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public const string DefaultConfigPath = "/etc/multiwan/multiwan.yaml";

    public static Option<string> ConfigOption() => new("--config", "-c")
    {
        Description = "Configuration file: multiwan YAML, or a Net-ISP-Balance balance.conf",
        DefaultValueFactory = _ => DefaultConfigPath,
    };

    public static Option<bool> JsonOption() => new("--json")
    {
        Description = "Print JSON (a documented, stable shape) instead of text",
    };

    /// <summary><c>--assume LINK=STATE</c>, shared by <c>plan</c> and <c>apply</c>.</summary>
    public static Option<string[]> AssumeOption() => new("--assume")
    {
        HelpName = "LINK=STATE",
        Description = "Assume a link's state: LINK=up|down|degraded|connecting|disconnecting|disabled (every link is up otherwise)",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Prints <c>multiwan: message</c> on stderr (control characters escaped: one line) and returns <paramref name="exitCode"/>.</summary>
    public static int Error(string message, int exitCode = Failure)
    {
        Console.Error.WriteLine($"multiwan: {Multiwan.Text.SafeText.Escape(message)}");
        return exitCode;
    }
}
