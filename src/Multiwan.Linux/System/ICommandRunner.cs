namespace Multiwan.System;

/// <summary>Runs an external tool (nft, ip, conntrack) from an argv list, never through a shell.</summary>
public interface ICommandRunner
{
    Task<CommandResult> RunAsync(IReadOnlyList<string> argv, string? stdin, CancellationToken cancellationToken);
}

/// <summary>The outcome of one external command; a non-zero exit is a value, not an exception.</summary>
public sealed record CommandResult(IReadOnlyList<string> Argv, int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>One line for an error message: argv, exit code and the first line of stderr.</summary>
    public string Describe()
    {
        var firstError = Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var status = TimedOut ? "timed out" : $"exit {ExitCode}";
        return $"`{string.Join(' ', Argv)}` {status}{(firstError.Length > 0 ? ": " + firstError : "")}";
    }
}
