using Microsoft.Extensions.Logging;
using Multiwan.Events;
using Multiwan.Identities;
using Multiwan.Netlink;
using Multiwan.System;

namespace Multiwan.Daemon;

/// <summary>The engine's I/O, injected so tests run it with a fake kernel, fake probes, fake sinks and a fake clock.</summary>
internal sealed record EngineServices(
    IDaemonKernel Kernel,
    IProbeFactory Probes,
    EventJournal Journal,
    SystemdNotifier Systemd,
    TimeProvider TimeProvider,
    ILogger Logger)
{
    /// <summary>rtnetlink events (carrier, addresses, routes); null in tests that post them by hand.</summary>
    public Func<CancellationToken, IAsyncEnumerable<NetlinkEvent>>? Netlink { get; init; }

    /// <summary>Hooks, mail and webhooks for a config; the real ones unless a test hands fakes.</summary>
    public IEventSinkFactory Sinks { get; init; } = new LinuxEventSinks(Logger, TimeProvider);

    /// <summary>The links' slots (marks, tables, rule priorities), kept across reloads; the daemon's persist in the state directory.</summary>
    public IdentityStore Identities { get; init; } = IdentityStore.InMemory();

    /// <summary>Wait before retrying a failed apply.</summary>
    public TimeSpan ApplyRetry { get; init; } = TimeSpan.FromSeconds(5);
}
