using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// One bound UDP socket per address inside a namespace, each with a loop that hands every datagram to
/// <c>onDatagram</c> (the socket it came in on, its bytes, valid until the handler completes, and the sender).
/// One socket per address because a reply must leave from the address the client sent to,
/// or NAT on the way back drops it. Shared by the lab's UDP servers.
/// </summary>
internal sealed class UdpReceiveLoops : IAsyncDisposable
{
    private readonly List<Socket> _sockets;
    private readonly Func<Socket, ReadOnlyMemory<byte>, IPEndPoint, CancellationToken, Task> _onDatagram;
    private readonly int _bufferSize;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    public UdpReceiveLoops(string nameSpace, IReadOnlyList<IPEndPoint> binds, int bufferSize, Func<Socket, ReadOnlyMemory<byte>, IPEndPoint, CancellationToken, Task> onDatagram)
    {
        ArgumentNullException.ThrowIfNull(binds);
        _onDatagram = onDatagram;
        _bufferSize = bufferSize;
        _sockets = [.. binds.Select(bind => Netns.Run(nameSpace, () =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(bind);
            return s;
        }))];
        Endpoints = [.. _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!)];
        _loops = [.. _sockets.Select(s => LoopAsync(s, _stop.Token))];
    }

    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    private async Task LoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[_bufferSize];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, any, cancellationToken).ConfigureAwait(false);
                var from = (IPEndPoint)received.RemoteEndPoint;
                await _onDatagram(socket, buffer.AsMemory(0, received.ReceivedBytes), from, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier reply (peer gone): keep serving.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return; // Stopped.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _sockets.ForEach(s => s.Dispose());
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
