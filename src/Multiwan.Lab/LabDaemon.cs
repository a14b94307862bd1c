using System.Diagnostics;
using Multiwan.Control;
using Multiwan.Tracking;

namespace Multiwan.Lab;

/// <summary>
/// <c>multiwan run</c> as a child process inside a lab's router namespace (<c>ip netns exec ROUTER multiwan run --config
/// DIR/multiwan.yaml</c>), with its config, control socket, state and hooks in a private temp directory. Its output
/// goes to <see cref="LogPath"/>. Disposing asks it to stop, kills it if it does not, and deletes the directory.
/// </summary>
public sealed class LabDaemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _pump;
    private int _disposed;

    private LabDaemon(string directory, Process process, Task pump)
    {
        Directory = directory;
        _process = process;
        _pump = pump;
        Client = new ControlClient(SocketPath, TimeProvider.System);
    }

    /// <summary>The private temp directory (mode 0700): config, socket, state, hooks, log.</summary>
    public string Directory { get; }

    public string ConfigPath => Path.Combine(Directory, "multiwan.yaml");

    public string SocketPath => Path.Combine(Directory, "multiwan.sock");

    public string LogPath => Path.Combine(Directory, "daemon.log");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public ControlClient Client { get; }

    /// <summary>How to start this very multiwan: the running executable (native or apphost) or <c>dotnet multiwan.dll</c>.</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var path = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? [path, Path.Combine(AppContext.BaseDirectory, "multiwan.dll")]
            : [path];
    }

    /// <summary>Writes the config, starts the daemon and waits until its control socket answers <c>status</c>.</summary>
    public static async Task<LabDaemon> StartAsync(LabTopology lab, LabDaemonSettings settings, IReadOnlyList<string> multiwan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(multiwan);
        var directory = global::System.IO.Directory.CreateTempSubdirectory($"{lab.Prefix}-").FullName;
        global::System.IO.Directory.CreateDirectory(Path.Combine(directory, "hooks"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await File.WriteAllTextAsync(Path.Combine(directory, "multiwan.yaml"), LabDaemonConfig.Render(lab, settings, directory), cancellationToken).ConfigureAwait(false);
        File.SetUnixFileMode(Path.Combine(directory, "multiwan.yaml"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["netns", "exec", lab.RouterNamespace, .. multiwan, "run", "--config", Path.Combine(directory, "multiwan.yaml")])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in settings.Environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new LabException("lab: cannot start multiwan run");
        var log = new StreamWriter(Path.Combine(directory, "daemon.log")) { AutoFlush = true };
        var pump = Task.WhenAll(PumpAsync(process.StandardOutput, log), PumpAsync(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var daemon = new LabDaemon(directory, process, pump);
        LabDaemonRegistry.Add(daemon);
        try
        {
            await daemon.WaitReadyAsync(cancellationToken).ConfigureAwait(false);
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<StatusSnapshot?> StatusAsync(CancellationToken cancellationToken)
    {
        var response = await Client.RequestAsync(new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        return response.Ok ? response.Status : null;
    }

    public async Task<LinkState?> StateAsync(string link, CancellationToken cancellationToken) =>
        (await StatusAsync(cancellationToken).ConfigureAwait(false))?.Links.FirstOrDefault(l => l.Name == link)?.State;

    /// <summary>Polls status every 50 ms until <paramref name="link"/> is in one of <paramref name="states"/>; the time it took, or null on timeout.</summary>
    public async Task<TimeSpan?> WaitForStateAsync(string link, TimeSpan timeout, CancellationToken cancellationToken, params LinkState[] states)
    {
        var t0 = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(t0) < timeout)
        {
            if (await StateAsync(link, cancellationToken).ConfigureAwait(false) is { } state && states.Contains(state))
            {
                return TimeProvider.System.GetElapsedTime(t0);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>The last <paramref name="lines"/> lines of the daemon's output (for failure messages).</summary>
    public string Tail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(no daemon log: {e.Message})";
        }
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var t0 = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(t0) < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new LabException($"lab: multiwan run exited with {_process.ExitCode} before answering:\n{Tail()}");
            }

            if (File.Exists(SocketPath) && await StatusAsync(cancellationToken).ConfigureAwait(false) is not null)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        throw new LabException($"lab: multiwan run did not answer status within 30 s:\n{Tail()}");
    }

    private static async Task PumpAsync(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    /// <summary>Asks the daemon to stop (fail-static: the namespaces go away anyway), kills it after 5 s, deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (!_process.HasExited)
        {
            await Client.RequestAsync(new ControlRequest { Command = "stop" }, TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5), TimeProvider.System);
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }

        await _pump.ConfigureAwait(false);
        LabDaemonRegistry.Remove(this);
        _process.Dispose();
        global::System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Kills the daemon process (this child only, by its pid); used on Ctrl-C and process exit too.</summary>
    internal void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
