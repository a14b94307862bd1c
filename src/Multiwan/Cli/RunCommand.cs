using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Daemon;
using Multiwan.Events;
using Multiwan.Identities;
using Multiwan.Kernel;
using Multiwan.Netlink;
using Multiwan.Probing;
using Multiwan.System;

namespace Multiwan.Cli;

/// <summary><c>multiwan run</c>: the daemon in the foreground (systemd <c>Type=notify</c>). SIGTERM stops (fail-static), SIGHUP reloads.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every probe and kernel command (debug level)" };
        var command = new Command("run", "Run the daemon in the foreground (what the systemd unit starts)") { config, verbose };
        command.SetAction((parsed, ct) => RunAsync(parsed.GetValue(config)!, parsed.GetValue(verbose), Cli.Errors(parsed)));
        return command;
    }

    public static async Task<int> RunAsync(string path, bool verbose, TextWriter error)
    {
        if (ConfigInput.Load(path, error, "not starting", out var exitCode) is not { } loaded)
        {
            return exitCode;
        }

        if (StrictModes.CheckOnlyRootWrites(path, "config file") is { } refusal)
        {
            return Cli.Error(error, refusal);
        }

        // A fixed malloc trim threshold (docs/BENCHMARKS.md "Resident memory"): glibc's default one rises to up to 32 MB
        // once a large block is freed, after which the freed C heap (libnftables, the runtime) stays resident: ~1 MB idle.
        if (NativeMethods.Mallopt(NativeMethods.MallocTrimThreshold, 128 * 1024) != 1)
        {
            error.WriteLine("multiwan: warning: mallopt(M_TRIM_THRESHOLD) failed; freed C heap stays resident");
        }

        var config = loaded.Config;
        using var instance = InstanceLock.TryAcquire(InstanceLock.PathFor(config.Daemon.Socket), out var lockError);
        if (instance is null)
        {
            return Cli.Error(error, lockError!);
        }

        // Each link's mark, table and rule priorities, kept in the state directory across reloads and restarts.
        var identities = IdentityStore.Persistent(config.Daemon.StateDirectory);
        if (identities.Assign(config).Error is { } identityError)
        {
            return Cli.Error(error, identityError);
        }

        using var loggerFactory = LoggerFactory.Create(b => b
            .SetMinimumLevel(verbose ? LogLevel.Debug : LogLevel.Information)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null ? "yyyy-MM-dd HH:mm:ss.fff " : null;
            }));
        var logger = loggerFactory.CreateLogger("multiwan");
        using var journal = new EventJournal(config.Daemon.StateDirectory, config.Daemon.JournalMaxBytes, logger);
        using var systemd = SystemdNotifier.FromEnvironment();
        using var probes = new ProbeSet();
        using var kernel = LinuxKernelIo.TryOpen(out var kernelError);
        if (kernel is null)
        {
            return Cli.Error(error, kernelError!);
        }

        var time = TimeProvider.System;
        var services = new EngineServices(
            new LinuxKernel(kernel, logger),
            new LinuxProbeFactory(kernel, probes, time, logger),
            journal,
            systemd,
            time,
            logger)
        {
            Netlink = ct => new RtnetlinkListener(time, logger).ListenAsync(ct),
            Identities = identities,
        };
        var engine = new Engine(path, config, services);
        await using var server = new ControlServer(config.Daemon.Socket, engine, logger);
        try
        {
            server.Start();
        }
        catch (Exception e) when (e is global::System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
        {
            return Cli.Error(error, $"cannot open the control socket {config.Daemon.Socket}: {e.Message}");
        }

        await using var metrics = StartMetrics(config.Daemon.Metrics, engine, logger);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop(engine));
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop(engine));
        using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            engine.Post(new EngineMessage.Reload(null));
        });
        await engine.RunAsync(CancellationToken.None).ConfigureAwait(false);
        return Cli.Ok;
    }

    /// <summary>The Prometheus listener when <c>daemon.metrics</c> is set; a port in use is logged, not fatal.</summary>
    private static MetricsServer? StartMetrics(string? address, Engine engine, ILogger logger)
    {
        if (address is null || !IPEndPoint.TryParse(address, out var endpoint))
        {
            return null;
        }

        var server = new MetricsServer(endpoint, engine.MetricsAsync, logger, TimeProvider.System);
        try
        {
            server.Start();
            return server;
        }
        catch (SocketException e)
        {
            DaemonLog.MetricsFailed(logger, address, e.Message);
            return null;
        }
    }

    private static Action<PosixSignalContext> Stop(Engine engine) => context =>
    {
        context.Cancel = true; // We stop ourselves, gracefully, leaving the kernel state (fail-static).
        engine.Post(new EngineMessage.Stop(false, null));
    };
}
