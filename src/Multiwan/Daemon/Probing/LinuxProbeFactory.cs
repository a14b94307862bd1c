using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Probing;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>Real probes: the link's binding read from the kernel (rtnetlink), a <see cref="LinkProber"/> on the shared <see cref="ProbeSet"/>.</summary>
internal sealed class LinuxProbeFactory(IKernelIo io, ProbeSet probes, TimeProvider timeProvider, ILogger logger) : IProbeFactory
{
    public async Task<(IProbeHandle? Handle, string? Error)> StartAsync(
        MultiwanConfig config, LinkConfig link, uint mark, ChannelWriter<RoundResult> rounds, global::System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken)
    {
        var (binding, error) = await LinkBindings.ReadAsync(link, mark, io, family, link.Source, cancellationToken).ConfigureAwait(false);
        if (binding is null)
        {
            return (null, error);
        }

        var targets = link.Targets.Select(t => ProbeTarget.From(t, link.Method)).ToList();
        // Host-name targets are resolved through this link in the set's family (A for IPv4, AAAA for IPv6), asking that
        // family's first nameserver of /etc/resolv.conf; none of it is an error result per round (docs/CONFIG.md).
        var resolving = new ResolvingProbe(
            probes, new HostResolver(SystemSocketFactory.Instance, timeProvider), ResolvConf.Nameserver(), timeProvider, logger,
            ResolvConf.Nameserver(global::System.Net.Sockets.AddressFamily.InterNetworkV6));
        var prober = new LinkProber(link.Name, binding, targets, resolving, link.Health, timeProvider, logger);
        return (new Handle(prober, rounds), null);
    }

    private sealed class Handle : IProbeHandle
    {
        private readonly LinkProber _prober;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _run;

        public Handle(LinkProber prober, ChannelWriter<RoundResult> rounds)
        {
            _prober = prober;
            _run = Task.Run(() => prober.RunAsync(rounds, _stop.Token));
        }

        public string? Source => _prober.Binding.Source?.ToString();

        public bool Fast
        {
            set => _prober.Fast = value;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await _run.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
            {
                // Stopped as asked (or the engine's round channel is closed because the engine stopped).
            }

            _stop.Dispose();
        }
    }
}
