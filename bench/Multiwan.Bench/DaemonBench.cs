using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>A lab with <c>multiwan run</c> (<c>$MULTIWAN_BIN</c>, else this build's multiwan.dll carried next to the benchmark) in its router namespace.</summary>
internal sealed class DaemonBench : IAsyncDisposable
{
    private DaemonBench(LabTopology lab, LabDaemon daemon, BenchFamily family)
    {
        Lab = lab;
        Daemon = daemon;
        Family = family;
    }

    public LabTopology Lab { get; }

    public LabDaemon Daemon { get; }

    /// <summary>The family measured: on 6 every link is dual-stack and <see cref="WaitForStateAsync"/> follows the IPv6 state.</summary>
    public BenchFamily Family { get; }

    public static Task<DaemonBench> StartAsync(LabOptions options, LabDaemonSettings settings, CancellationToken cancellationToken) =>
        StartAsync(options, settings, BenchFamily.V4, cancellationToken);

    public static async Task<DaemonBench> StartAsync(LabOptions options, LabDaemonSettings settings, BenchFamily family, CancellationToken cancellationToken)
    {
        settings = family.Daemon(settings);
        BenchContext.Progress($"building lab ({options.Isps} ISPs, {options.Targets} targets) and starting multiwan run ({settings.Mode}, {family.Label})");
        var lab = await LabTopology.CreateAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), cancellationToken).ConfigureAwait(false);
            var bench = new DaemonBench(lab, daemon, family);
            await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return bench;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Every link online (IPv4, from <c>status</c>) and, on IPv6, online for IPv6 too.</summary>
    public async Task WaitAllOnlineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var isp in Lab.Isps)
        {
            if (await Daemon.WaitForStateAsync(isp.RouterDevice, timeout, cancellationToken, LinkState.Online).ConfigureAwait(false) is null)
            {
                throw new LabException($"bench: {isp.RouterDevice} not online within {timeout.TotalSeconds} s (now {await Daemon.StateAsync(isp.RouterDevice, cancellationToken).ConfigureAwait(false)}); daemon log:\n{Daemon.Tail()}");
            }

            if (Family.Is6 && await WaitForStateAsync(isp.RouterDevice, timeout, cancellationToken, LinkState.Online).ConfigureAwait(false) is null)
            {
                throw new LabException($"bench: {isp.RouterDevice} not online for IPv6 within {timeout.TotalSeconds} s (now {await State6Async(isp.RouterDevice, cancellationToken).ConfigureAwait(false)}); daemon log:\n{Daemon.Tail()}");
            }
        }
    }

    /// <summary>
    /// Polls <c>status</c> every 50 ms until <paramref name="link"/>'s state in the measured family (IPv4: the link's state;
    /// IPv6: its <c>ipv6</c> state) is one of <paramref name="states"/>; the time it took, or null on timeout.
    /// </summary>
    public async Task<TimeSpan?> WaitForStateAsync(string link, TimeSpan timeout, CancellationToken cancellationToken, params LinkState[] states)
    {
        if (!Family.Is6)
        {
            return await Daemon.WaitForStateAsync(link, timeout, cancellationToken, states).ConfigureAwait(false);
        }

        var t0 = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(t0) < timeout)
        {
            if (await State6Async(link, cancellationToken).ConfigureAwait(false) is { } state && states.Contains(state))
            {
                return TimeProvider.System.GetElapsedTime(t0);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private async Task<LinkState?> State6Async(string link, CancellationToken cancellationToken) =>
        (await Daemon.StatusAsync(cancellationToken).ConfigureAwait(false))?.Links.FirstOrDefault(l => l.Name == link)?.Ipv6?.State;

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync().ConfigureAwait(false);
        await Lab.DisposeAsync().ConfigureAwait(false);
        BenchContext.Progress($"lab {Lab.Prefix} deleted");
    }
}
