using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>A UDP echo inside a namespace that counts datagrams by source address.</summary>
public sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpEchoServer(string nameSpace, IPEndPoint bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _socket = Netns.Run(nameSpace, () =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(bind);
            return s;
        });
        Endpoint = (IPEndPoint)_socket.LocalEndPoint!;
        _loop = LoopAsync(_stop.Token);
    }

    public IPEndPoint Endpoint { get; }

    public SourceCounter Datagrams { get; } = new();

    /// <summary>Echo datagrams back (default); false makes it a sink.</summary>
    public bool Echo { get; set; } = true;

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, any, cancellationToken).ConfigureAwait(false);
                var from = (IPEndPoint)received.RemoteEndPoint;
                Datagrams.Add(from.Address);
                if (Echo)
                {
                    await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), from, cancellationToken).ConfigureAwait(false);
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
        _socket.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
