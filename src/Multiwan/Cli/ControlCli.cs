using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Control;

namespace Multiwan.Cli;

/// <summary>Shared by the commands that talk to the daemon: where its socket and journal are, <c>--since</c>, JSON output.</summary>
internal static class ControlCli
{
    public const string DefaultStateDirectory = "/var/lib/multiwan";

    private static readonly Lazy<ControlJsonContext> Indented = new(() => new ControlJsonContext(new JsonSerializerOptions(ControlJsonContext.Default.Options) { WriteIndented = true }));

    public static ControlJsonContext Json => Indented.Value;

    public static Option<string?> SocketOption() => new("--socket")
    {
        Description = "The daemon's control socket (default: daemon.socket of the config, else " + ControlClient.DefaultSocket + ")",
    };

    public static Option<string> SinceOption(string defaultValue) => new("--since")
    {
        Description = "Start of the window: a duration back from now (30m, 24h, 7d) or a date (2026-01-31, 2026-01-31T08:00)",
        DefaultValueFactory = _ => defaultValue,
    };

    /// <summary>The daemon section of the config when it loads; defaults otherwise (the CLI must work without a valid config).</summary>
    public static DaemonConfig Daemon(string configPath)
    {
        if (!File.Exists(configPath))
        {
            return new DaemonConfig();
        }

        var result = ConfigLoader.Load(configPath);
        return result.Config?.Daemon ?? new DaemonConfig();
    }

    public static ControlClient Client(ParseResult parsed, Option<string?> socket, Option<string> config) =>
        new(parsed.GetValue(socket) ?? Daemon(parsed.GetValue(config)!).Socket, TimeProvider.System);

    /// <summary>Parses <c>24h</c>-style durations (back from <paramref name="now"/>) and dates; null when neither.</summary>
    public static DateTimeOffset? ParseSince(string text, DateTimeOffset now)
    {
        if (Duration.TryParse(text, out var span))
        {
            return now - span;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];
        if (DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var local))
        {
            return new DateTimeOffset(local);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact) ? exact : null;
    }

    /// <summary>Sends one request (blocking: see <see cref="ControlClient.Request"/>); prints the error and returns null when it failed.</summary>
    public static ControlResponse? Request(ParseResult parsed, ControlClient client, ControlRequest request, TimeSpan timeout)
    {
        var error = Cli.Errors(parsed);
        var response = client.Request(request, timeout);
        if (response.Ok)
        {
            return response;
        }

        foreach (var line in response.Errors ?? [])
        {
            error.WriteLine(line);
        }

        Cli.Error(error, response.Error ?? "the daemon refused the request");
        return null;
    }

    /// <summary>True when <paramref name="output"/> is stdout, stdout is a terminal, and NO_COLOR is unset.</summary>
    public static bool UseColour(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
