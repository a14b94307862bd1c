using System.Diagnostics;

namespace Multiwan.Packaging;

/// <summary>Runs a program with an argv list and captures its exit code and output (stdout then stderr).</summary>
internal static class Tool
{
    public static readonly string Repository = FindRepository();

    public static async Task<(int Exit, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        // Bounds a hung child: the test fails instead of hanging the run.
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)}: still running after {(timeout ?? TimeSpan.FromSeconds(120)).TotalSeconds} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "multiwan.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no multiwan.slnx above " + AppContext.BaseDirectory);
    }
}
