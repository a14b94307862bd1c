using System.Diagnostics;
using Multiwan.Control;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// A crash and a restart: <c>kill -9</c> of a running <c>multiwan run</c>, then the same command on the same config,
/// socket and state directory (what systemd's <c>Restart=</c> does), timed from the restart to the first answer to
/// <c>status</c>. The killed daemon leaves its socket file, lock and nft table behind; the new one must take them over.
/// Starts from a <see cref="LabDaemon"/> (killed first); the last restarted daemon is stopped at the end.
/// </summary>
internal static class RestartTimer
{
    public static async Task<List<double>> MeasureAsync(LabTopology lab, LabDaemon daemon, IReadOnlyList<string> multiwan, int runs, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        var client = new ControlClient(daemon.SocketPath, TimeProvider.System);
        var victim = Process.GetProcessById(daemon.ProcessId);
        try
        {
            for (var i = 0; i < runs; i++)
            {
                victim.Kill(entireProcessTree: false); // SIGKILL: no chance to clean anything up.
                await victim.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                victim.Dispose();
                var t0 = TimeProvider.System.GetTimestamp();
                victim = Start(lab, daemon, multiwan);
                while (!(await client.RequestAsync(new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false)).Ok)
                {
                    if (victim.HasExited || TimeProvider.System.GetElapsedTime(t0) > TimeSpan.FromSeconds(60))
                    {
                        throw new LabException($"bench: the restarted multiwan run (exit {(victim.HasExited ? victim.ExitCode : -1)}) did not answer status within 60 s");
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }

                samples.Add(TimeProvider.System.GetElapsedTime(t0).TotalMilliseconds);
            }
        }
        finally
        {
            await StopAsync(client, victim).ConfigureAwait(false);
        }

        return samples;
    }

    private static Process Start(LabTopology lab, LabDaemon daemon, IReadOnlyList<string> multiwan)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["netns", "exec", lab.RouterNamespace, .. multiwan, "run", "--config", daemon.ConfigPath])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["NO_COLOR"] = "1";
        var process = Process.Start(info) ?? throw new LabException("bench: cannot start multiwan run");
        process.BeginOutputReadLine(); // Drained and dropped: the report is the bench's own output.
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Asks the restarted daemon to stop and kills it (this process only, by its pid) if it has not after 10 s.</summary>
    private static async Task StopAsync(ControlClient client, Process process)
    {
        using (process)
        {
            if (process.HasExited)
            {
                return;
            }

            await client.RequestAsync(new ControlRequest { Command = "stop" }, TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
