using System.CommandLine;

namespace Multiwan.Cli;

/// <summary>Shared pieces of the command line: exit codes, one-line errors, the writers, the --config and --json options.</summary>
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
        Description = "Assume a link's state: LINK=up|down|degraded|connecting|disconnecting|disabled, or LINK.ipv6=STATE for a dual-stack link's IPv6 side (every link is up otherwise)",
        AllowMultipleArgumentsPerToken = true,
    };

    /// <summary>Where a command prints its output: the writer System.CommandLine gives it (stdout unless a test says otherwise).</summary>
    public static TextWriter Output(ParseResult parsed) => parsed.InvocationConfiguration.Output;

    /// <summary>Where a command prints errors and warnings (stderr unless a test says otherwise).</summary>
    public static TextWriter Errors(ParseResult parsed) => parsed.InvocationConfiguration.Error;

    /// <summary>Prints <c>multiwan: message</c> on <paramref name="error"/> (control characters escaped: one line) and returns <paramref name="exitCode"/>.</summary>
    public static int Error(TextWriter error, string message, int exitCode = Failure)
    {
        error.WriteLine($"multiwan: {Multiwan.Text.SafeText.Escape(message)}");
        return exitCode;
    }
}
