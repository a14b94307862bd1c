using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>A UDP echo inside a namespace that counts datagrams by source address.</summary>
public sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly List<Socket> _sockets;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    public UdpEchoServer(string nameSpace, IPEndPoint bind)
        : this(nameSpace, [bind])
    {
    }

    /// <summary>One socket per address: a reply must leave from the address the client sent to, or NAT on the way back drops it.</summary>
    public UdpEchoServer(string nameSpace, IReadOnlyList<IPEndPoint> binds)
    {
        ArgumentNullException.ThrowIfNull(binds);
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

    /// <summary>The first bound address.</summary>
    public IPEndPoint Endpoint => Endpoints[0];

    public SourceCounter Datagrams { get; } = new();

    /// <summary>Echo datagrams back (default); false makes it a sink.</summary>
    public bool Echo { get; set; } = true;

    private async Task LoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, any, cancellationToken).ConfigureAwait(false);
                var from = (IPEndPoint)received.RemoteEndPoint;
                Datagrams.Add(from.Address);
                if (Echo)
                {
                    await socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), from, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier echo (peer gone): keep serving.
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
