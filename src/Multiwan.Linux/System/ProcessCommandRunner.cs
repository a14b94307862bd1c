using System.Diagnostics;

namespace Multiwan.System;

/// <summary>Runs commands as child processes with a timeout; optionally inside a network namespace (<c>ip netns exec</c>).</summary>
public sealed class ProcessCommandRunner(TimeProvider timeProvider, TimeSpan timeout, string? networkNamespace = null) : ICommandRunner
{
    public static ProcessCommandRunner Default { get; } = new(TimeProvider.System, TimeSpan.FromSeconds(30));

    public string? NetworkNamespace => networkNamespace;

    public async Task<CommandResult> RunAsync(IReadOnlyList<string> argv, string? stdin, CancellationToken cancellationToken)
    {
        var full = networkNamespace is null ? argv : ["ip", "netns", "exec", networkNamespace, .. argv];
        var info = new ProcessStartInfo(full[0])
        {
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in full.Skip(1))
        {
            info.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (global::System.ComponentModel.Win32Exception e)
        {
            return new CommandResult(full, 127, "", $"cannot start {full[0]}: {e.Message}", false);
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderrTask = process.StandardError.ReadToEndAsync(cancellationToken);

        // Cancellation sources: the caller's token, and our own per-command timeout (which covers writing stdin too).
        using var timeoutCts = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var timedOut = false;
        try
        {
            if (stdin is not null)
            {
                try
                {
                    await process.StandardInput.WriteAsync(stdin.AsMemory(), linked.Token).ConfigureAwait(false);
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // The child exited before reading all of it: its exit code and stderr say why.
                }
            }

            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Never leave the child running, whoever cancelled; the caller's cancellation still propagates.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (!timeoutCts.IsCancellationRequested)
            {
                throw;
            }

            timedOut = true;
        }

        return new CommandResult(full, timedOut ? -1 : process.ExitCode, await stdoutTask.ConfigureAwait(false), await stderrTask.ConfigureAwait(false), timedOut);
    }
}
