using System.Threading.Channels;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>Starts a link's probing (I/O seam): rounds go to <c>rounds</c> until the handle is disposed.</summary>
internal interface IProbeFactory
{
    /// <summary>
    /// The running probes (marked <paramref name="mark"/>, the link's) of one <paramref name="family"/>, bound to that family's
    /// source (for IPv6 <paramref name="link"/> carries the IPv6 targets, method and source), or an error (e.g. the interface
    /// has no address yet) and no handle.
    /// </summary>
    Task<(IProbeHandle? Handle, string? Error)> StartAsync(
        MultiwanConfig config, LinkConfig link, uint mark, ChannelWriter<RoundResult> rounds, global::System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken);
}

/// <summary>A link's running probes.</summary>
internal interface IProbeHandle : IAsyncDisposable
{
    /// <summary>The source address the probes are bound to (a new address means new probes).</summary>
    string? Source { get; }

    /// <summary>Fast rounds while the tracker wants them (disconnecting, connecting).</summary>
    bool Fast { set; }
}
