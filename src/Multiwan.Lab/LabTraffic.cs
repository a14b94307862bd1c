using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// Client traffic from the LAN namespace to the internet's responders: <c>udpFlows</c> UDP flows (one socket each, a datagram
/// every <c>udpInterval</c>) and a new TCP connection every <c>tcpInterval</c> (each bounded by 2 s, reset on close).
/// What arrives is counted at the responders by source (<see cref="LabTopology.Udp"/>, <see cref="LabTopology.Tcp"/>);
/// the client side counts TCP successes and failures. IPv4 by default; with <c>family</c> IPv6 it goes to
/// <see cref="LabTopology.Targets6"/> from the client's IPv6 addresses (the kernel's source selection). Stops on dispose.
/// </summary>
public sealed class LabTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _tcpOk;
    private int _tcpFailed;
    private int _udpSent;

    /// <param name="udpSourcePort">When above 0, flow i sends from this port + i (so rules can tell the flows apart); else an ephemeral port.</param>
    /// <param name="family">Which targets: <see cref="AddressFamily.InterNetwork"/> (<see cref="LabTopology.Targets"/>) or IPv6 (<see cref="LabTopology.Targets6"/>).</param>
    public LabTraffic(
        LabTopology lab, TimeSpan? udpInterval, TimeSpan? tcpInterval, int target = 0, int udpFlows = 1, int udpSourcePort = 0,
        AddressFamily family = AddressFamily.InterNetwork)
    {
        ArgumentNullException.ThrowIfNull(lab);
        var address = family == AddressFamily.InterNetworkV6 ? lab.Targets6[target] : lab.Targets[target];
        if (udpInterval is { } udp)
        {
            for (var i = 0; i < udpFlows; i++)
            {
                var local = udpSourcePort > 0 ? udpSourcePort + i : 0;
                _loops.Add(UdpLoopAsync(lab.LanNamespace, local, new IPEndPoint(address, LabTopology.UdpPort), udp, _stop.Token));
            }
        }

        if (tcpInterval is { } tcp)
        {
            _loops.Add(TcpLoopAsync(lab.LanNamespace, new IPEndPoint(address, LabTopology.TcpPort), tcp, _stop.Token));
        }
    }

    public int TcpSucceeded => Volatile.Read(ref _tcpOk);

    public int TcpFailed => Volatile.Read(ref _tcpFailed);

    public int UdpSent => Volatile.Read(ref _udpSent);

    private async Task UdpLoopAsync(string ns, int localPort, IPEndPoint remote, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var socket = Netns.CreateSocket(ns, remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, localPort));
        var payload = new byte[64];
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await socket.SendToAsync(payload, remote, cancellationToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _udpSent);
                }
                catch (SocketException)
                {
                    // No route or an ICMP error for an earlier datagram while a link is dying: keep streaming.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task TcpLoopAsync(string ns, IPEndPoint remote, TimeSpan interval, CancellationToken cancellationToken)
    {
        var pending = new List<Task>();
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                pending.RemoveAll(t => t.IsCompleted);
                pending.Add(ConnectOnceAsync(ns, remote, cancellationToken));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    private async Task ConnectOnceAsync(string ns, IPEndPoint remote, CancellationToken cancellationToken)
    {
        // Cancellation sources: the traffic's stop and a 2 s bound per connection.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var socket = await Netns.ConnectTcpAsync(ns, remote, linked.Token).ConfigureAwait(false);
            socket.LingerState = new LingerOption(true, 0);
            Interlocked.Increment(ref _tcpOk);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            // IOException: the LAN namespace is gone (the lab is being torn down): a failed connection, not a crash.
            if (!cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _tcpFailed);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
