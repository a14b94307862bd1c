using Multiwan.Control;
using Multiwan.Events;
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
    /// Polls every 50 ms until <paramref name="link"/>'s state in the measured family is one of <paramref name="states"/>; the
    /// time it took, or null on timeout. IPv4: <c>status</c>. IPv6: the link's last IPv6 state change in <c>events</c>
    /// (family <c>ipv6</c>), since <c>status</c> reports one state per link.
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

    /// <summary>The link's IPv6 state: the new state of its last IPv6 event (null before the first).</summary>
    private async Task<LinkState?> State6Async(string link, CancellationToken cancellationToken)
    {
        var response = await Daemon.Client.RequestAsync(new ControlRequest { Command = "events" }, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        if (!response.Ok || response.Events is null)
        {
            throw new LabException($"bench: events request failed: {response.Error}");
        }

        return response.Events.LastOrDefault(e => e.Link == link && e.Family == LinkEvent.Ipv6 && e.NewState is not null)?.NewState;
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync().ConfigureAwait(false);
        await Lab.DisposeAsync().ConfigureAwait(false);
        BenchContext.Progress($"lab {Lab.Prefix} deleted");
    }
}
