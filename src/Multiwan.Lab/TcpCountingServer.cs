using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// A TCP echo server inside a namespace: counts each accepted connection by its remote address, then echoes
/// whatever the client sends until it closes (so it also serves long-lived streams).
/// </summary>
public sealed class TcpCountingServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpCountingServer(string nameSpace, IPEndPoint bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _listener = Netns.Run(nameSpace, () =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(bind);
            s.Listen(4096);
            return s;
        });
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = AcceptLoopAsync(_stop.Token);
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>Accepted connections by remote address.</summary>
    public SourceCounter Connections { get; } = new();

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // Stopped.
            }

            Connections.Add(((IPEndPoint)client.RemoteEndPoint!).Address);
            _ = EchoAsync(client, cancellationToken);
        }
    }

    private static async Task EchoAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var buffer = new byte[16384];
            try
            {
                int n;
                while ((n = await client.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await client.SendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server stops: nothing to report for an echo.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
