using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.System;

namespace Multiwan.Hooks;

/// <summary>
/// Runs the executables of <c>HOOKS/EVENT.d/</c> in name order, one at a time, on its own <see cref="QueueWorker{T}"/>
/// (drop-oldest when <c>capacity</c> events wait), so a slow hook delays only later hooks, never detection or the
/// kernel apply. Never through a shell. Every directory and file is checked with <see cref="StrictModes"/> before each run.
/// </summary>
public sealed class HookRunner : IEventSink
{
    public const int DefaultCapacity = 128;

    private readonly HooksConfig _config;
    private readonly string? _email;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly QueueWorker<LinkEvent> _queue;

    /// <param name="email">lsm's 5th argument (the address notified), when lsm arguments are on.</param>
    public HookRunner(HooksConfig config, string? email, ILogger logger, TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        _config = config;
        _email = email;
        _logger = logger;
        _timeProvider = timeProvider;
        _queue = new QueueWorker<LinkEvent>("hooks", capacity, logger, (batch, token) => RunHooksAsync(batch[0], token), e => $"{HookArguments.EventName(e)} {e.Link}");
    }

    public void Start() => _queue.Start();

    /// <summary>Queues the event's hooks (events without hooks are ignored); false when an older event's hooks were dropped to make room.</summary>
    public bool Enqueue(LinkEvent linkEvent) => HookArguments.EventName(linkEvent) is null || _queue.Enqueue(linkEvent);

    /// <summary>Runs the event's hooks now and waits for them (the loop's body; tests call it directly).</summary>
    public async Task<IReadOnlyList<HookResult>> RunHooksAsync(LinkEvent linkEvent, CancellationToken cancellationToken)
    {
        if (HookArguments.EventName(linkEvent) is not { } name)
        {
            return [];
        }

        var directory = Path.Combine(_config.Directory, name + ".d");
        if (!Directory.Exists(directory))
        {
            return [];
        }

        foreach (var (path, what) in new[] { (_config.Directory, "hook directory"), (directory, "hook directory") })
        {
            if (StrictModes.CheckOnlyRootWrites(path, what) is { } refusal)
            {
                HooksLog.Refused(_logger, refusal);
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
                HooksLog.Skipped(_logger, file);
                continue;
            }

            if (StrictModes.CheckOnlyRootWrites(file, "hook") is { } refusal)
            {
                HooksLog.Refused(_logger, refusal);
                results.Add(new HookResult(file, -1, TimedOut: false, Refused: true));
                continue;
            }

            results.Add(await RunOneAsync(file, name, linkEvent, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

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

    private async Task<HookResult> RunOneAsync(string file, string name, LinkEvent linkEvent, CancellationToken cancellationToken)
    {
        var argv = _config.LsmArguments ? HookArguments.Lsm(name, linkEvent, _email) : HookArguments.Native(name, linkEvent);
        var info = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var arg in argv)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in HookArguments.Environment(name, linkEvent))
        {
            info.Environment[key] = value;
        }

        // Cancellation sources: the runner shutting down (caller's token) and this hook's own timeout. The timeout runs
        // from before the start, so the hook's clock is never behind what the hook itself has already done.
        using var timeout = new CancellationTokenSource(_config.Timeout, _timeProvider);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is global::System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            HooksLog.StartFailed(_logger, file, e.Message);
            return new HookResult(file, 127, TimedOut: false, Refused: false);
        }

        HooksLog.Started(_logger, file, name, linkEvent.Link);
        process.StandardInput.Close();
        var stdout = PumpAsync(process.StandardOutput, file);
        var stderr = PumpAsync(process.StandardError, file);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = timeout.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (timedOut)
            {
                HooksLog.TimedOut(_logger, file, _config.Timeout);
            }
        }

        // Output pipes may be held open by a grandchild that escaped the kill; do not wait on them forever.
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, CancellationToken.None)).ConfigureAwait(false);
        if (!timedOut)
        {
            HooksLog.Exited(_logger, file, process.ExitCode);
        }

        return new HookResult(file, timedOut ? -1 : process.ExitCode, timedOut, Refused: false);
    }

    private async Task PumpAsync(StreamReader reader, string file)
    {
        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            HooksLog.Output(_logger, file, line);
        }
    }
}
