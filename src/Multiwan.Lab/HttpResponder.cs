using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.Lab;

/// <summary>A minimal HTTP server inside a namespace: every request gets <c>200 OK</c> with body <c>ok</c>; requests counted by source.</summary>
public sealed class HttpResponder : IAsyncDisposable
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HttpResponder(string nameSpace, IPEndPoint bind)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _listener = Netns.Run(nameSpace, () =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            s.Bind(bind);
            s.Listen(1024);
            return s;
        });
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = AcceptLoopAsync(_stop.Token);
    }

    public IPEndPoint Endpoint { get; }

    public SourceCounter Requests { get; } = new();

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

            _ = ServeAsync(client, cancellationToken);
        }
    }

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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
