using System.Diagnostics;
using Multiwan.Lab;

namespace Multiwan.Cli;

/// <summary>
/// Runs <c>multiwan</c>: <see cref="RunAsync"/> in-process (the same command line the executable builds, with
/// writers of its own, so tests run in parallel), <see cref="RunProcessAsync"/> as a real child process (<c>$MULTIWAN_BIN</c>, the native
/// binary, else the built multiwan.dll next to the test assembly) for what only a process shows: exit codes and the real stdout/stderr.
/// </summary>
internal static class MultiwanCli
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr)
    {
        public string[] StdoutLines => Lines(Stdout);

        public string[] StderrLines => Lines(Stderr);

        private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static async Task<Outcome> RunAsync(params string[] arguments)
    {
        using var stdout = new StringWriter { NewLine = "\n" };
        using var stderr = new StringWriter { NewLine = "\n" };
        // Bounds a hung command: the test fails instead of hanging the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exitCode = await CliRoot.InvokeAsync(arguments, stdout, stderr, ownsProcess: false, timeout.Token);
        return new Outcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    public static async Task<Outcome> RunProcessAsync(params string[] arguments)
    {
        var command = MultiwanBinary.Command(AppContext.BaseDirectory);
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[.. command.Skip(1), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        // Bounds a hung child: the test fails instead of hanging the run.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }

    public static string Examples()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "multiwan.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("no multiwan.slnx found"), "examples");
    }
}
