using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// A TCP echo server inside a namespace: counts each accepted connection by its remote address, then echoes
/// whatever the client sends until it closes (so it also serves long-lived streams).
/// </summary>
public sealed class TcpCountingServer : IAsyncDisposable
{
    private readonly TcpAcceptLoop _accept;

    public TcpCountingServer(string nameSpace, IPEndPoint bind)
    {
        _accept = new TcpAcceptLoop(nameSpace, bind, backlog: 4096, (client, cancellationToken) =>
        {
            Connections.Add(((IPEndPoint)client.RemoteEndPoint!).Address);
            return EchoAsync(client, cancellationToken);
        });
    }

    public IPEndPoint Endpoint => _accept.Endpoint;

    /// <summary>Accepted connections by remote address.</summary>
    public SourceCounter Connections { get; } = new();

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

    public ValueTask DisposeAsync() => _accept.DisposeAsync();
}
