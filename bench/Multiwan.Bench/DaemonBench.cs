using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>A lab with <c>multiwan run</c> (<c>$MULTIWAN_BIN</c>, else this build's multiwan.dll carried next to the benchmark) in its router namespace.</summary>
internal sealed class DaemonBench : IAsyncDisposable
{
    private DaemonBench(LabTopology lab, LabDaemon daemon)
    {
        Lab = lab;
        Daemon = daemon;
    }

    public LabTopology Lab { get; }

    public LabDaemon Daemon { get; }

    public static async Task<DaemonBench> StartAsync(LabOptions options, LabDaemonSettings settings, CancellationToken cancellationToken)
    {
        BenchContext.Progress($"building lab ({options.Isps} ISPs, {options.Targets} targets) and starting multiwan run ({settings.Mode})");
        var lab = await LabTopology.CreateAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            var daemon = await LabDaemon.StartAsync(lab, settings, MultiwanBinary.Command(AppContext.BaseDirectory), cancellationToken).ConfigureAwait(false);
            var bench = new DaemonBench(lab, daemon);
            await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            return bench;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task WaitAllOnlineAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var isp in Lab.Isps)
        {
            if (await Daemon.WaitForStateAsync(isp.RouterDevice, timeout, cancellationToken, LinkState.Online).ConfigureAwait(false) is null)
            {
                throw new LabException($"bench: {isp.RouterDevice} not online within {timeout.TotalSeconds} s (now {await Daemon.StateAsync(isp.RouterDevice, cancellationToken).ConfigureAwait(false)}); daemon log:\n{Daemon.Tail()}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Daemon.DisposeAsync().ConfigureAwait(false);
        await Lab.DisposeAsync().ConfigureAwait(false);
        BenchContext.Progress($"lab {Lab.Prefix} deleted");
    }
}
