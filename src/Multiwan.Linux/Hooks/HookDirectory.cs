using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Multiwan.System;

namespace Multiwan.Hooks;

/// <summary>
/// Runs every executable of one directory in byte order of its name, one at a time, each killed with its process
/// tree after <c>timeout</c>; never through a shell. The directories named and each file are checked with
/// <see cref="StrictModes"/> first (a refused directory runs nothing, a refused file is skipped). Shared by the event
/// hooks (<see cref="HookRunner"/>) and the start-up stages (<see cref="StageScripts"/>).
/// </summary>
internal static class HookDirectory
{
    public static async Task<IReadOnlyList<HookResult>> RunAsync(
        IReadOnlyList<string> checkedDirectories, string directory, HookCall call, TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        foreach (var path in checkedDirectories)
        {
            if (StrictModes.CheckOnlyRootWrites(path, "hook directory") is { } refusal)
            {
                HooksLog.Refused(logger, refusal);
                return [new HookResult(path, -1, TimedOut: false, Refused: true)];
            }
        }

        var results = new List<HookResult>();
        foreach (var file in Directory.GetFiles(directory).Order(StringComparer.Ordinal))
        {
            // Stopping or replaced by a reload: start no further hook (it would only be killed at once).
            cancellationToken.ThrowIfCancellationRequested();
            if (!IsHook(file))
            {
                HooksLog.Skipped(logger, file);
                continue;
            }

            if (StrictModes.CheckOnlyRootWrites(file, "hook") is { } refusal)
            {
                HooksLog.Refused(logger, refusal);
                results.Add(new HookResult(file, -1, TimedOut: false, Refused: true));
                continue;
            }

            results.Add(await RunOneAsync(file, call, timeout, time, logger, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private static bool IsHook(string file)
    {
        var name = Path.GetFileName(file);
        if (name.StartsWith('.') || name.EndsWith('~') || name.Contains(".dpkg-", StringComparison.Ordinal) || name.EndsWith(".disabled", StringComparison.Ordinal))
        {
            return false;
        }

        var info = new FileInfo(file);
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return info.Exists && (info.UnixFileMode & anyExecute) != 0;
    }

    private static async Task<HookResult> RunOneAsync(string file, HookCall call, TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var arg in call.Arguments)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in call.Environment)
        {
            info.Environment[key] = value;
        }

        // Cancellation sources: the runner shutting down (caller's token) and this hook's own timeout. The timeout runs
        // from before the start, so the hook's clock is never behind what the hook itself has already done.
        using var timer = new CancellationTokenSource(timeout, time);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is global::System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            HooksLog.StartFailed(logger, file, e.Message);
            return new HookResult(file, 127, TimedOut: false, Refused: false);
        }

        HooksLog.Started(logger, file, call.Event, call.Link);
        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput, file, logger);
        var stderr = PumpAsync(process.StandardError, file, logger);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = timer.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (timedOut)
            {
                HooksLog.TimedOut(logger, file, timeout);
            }
        }

        // Output pipes may be held open by a grandchild that escaped the kill; do not wait on them forever.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None)).ConfigureAwait(false);
        if (!timedOut)
        {
            HooksLog.Exited(logger, file, process.ExitCode);
        }

        return new HookResult(file, timedOut ? -1 : process.ExitCode, timedOut, Refused: false);
    }

    private static async Task PumpAsync(StreamReader reader, string file, ILogger logger)
    {
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            HooksLog.Output(logger, file, line);
        }
    }
}
