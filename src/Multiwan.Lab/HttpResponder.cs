using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.Lab;

/// <summary>A minimal HTTP server inside a namespace: every request gets <c>200 OK</c> with body <c>ok</c>; requests counted by source.</summary>
public sealed class HttpResponder : IAsyncDisposable
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    private readonly TcpAcceptLoop _accept;

    public HttpResponder(string nameSpace, IPEndPoint bind)
    {
        _accept = new TcpAcceptLoop(nameSpace, bind, backlog: 1024, ServeAsync);
    }

    public IPEndPoint Endpoint => _accept.Endpoint;

    public SourceCounter Requests { get; } = new();

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        using (client)
        {
            var buffer = new byte[8192];
            var used = 0;
            try
            {
                // Read the request head (up to the blank line, or 8 KiB), then answer and close.
                while (used < buffer.Length)
                {
                    var n = await client.ReceiveAsync(buffer.AsMemory(used), cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        return;
                    }

                    used += n;
                    if (buffer.AsSpan(0, used).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                Requests.Add(((IPEndPoint)client.RemoteEndPoint!).Address);
                await client.SendAsync(Response, cancellationToken).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client went away or the server stops.
            }
        }
    }

    public ValueTask DisposeAsync() => _accept.DisposeAsync();
}
