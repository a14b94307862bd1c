using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// A listening TCP socket inside a namespace and the loop that accepts on it: each accepted client is handed to
/// <c>onAccepted</c>, which owns it. Shared by the lab's TCP servers.
/// </summary>
internal sealed class TcpAcceptLoop : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<Socket, CancellationToken, Task> _onAccepted;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpAcceptLoop(string nameSpace, IPEndPoint bind, int backlog, Func<Socket, CancellationToken, Task> onAccepted)
    {
        ArgumentNullException.ThrowIfNull(bind);
        _onAccepted = onAccepted;
        _listener = Netns.Run(nameSpace, () =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (bind.Address.Equals(IPAddress.IPv6Any))
            {
                s.DualMode = true; // [::] takes IPv4 clients too, as mapped addresses.
            }

            s.Bind(bind);
            s.Listen(backlog);
            return s;
        });
        Endpoint = (IPEndPoint)_listener.LocalEndPoint!;
        _loop = AcceptLoopAsync(_stop.Token);
    }

    public IPEndPoint Endpoint { get; }

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

            _ = _onAccepted(client, cancellationToken);
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
