using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Multiwan.Netlink;

/// <summary>
/// Listens to rtnetlink (links; IPv4 and IPv6 addresses and routes, the family on each event) in the process's network namespace, or wherever
/// <paramref name="open"/> opens its socket. If the socket dies it is reopened after <see cref="ReopenDelay"/>
/// (and every <see cref="RetryDelay"/> while opening fails); each (re)open and each buffer overflow yields a <see cref="NetlinkResync"/> so that the
/// consumer re-reads the whole state instead of trusting a stream that may have gaps.
/// </summary>
public sealed class RtnetlinkListener(TimeProvider timeProvider, ILogger? logger = null, Func<Socket>? open = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Func<Socket> _open = open ?? RtnetlinkSocket.Open;

    public static TimeSpan RetryDelay { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Pause before reopening a socket that died, so a socket that keeps dying cannot spin a core.</summary>
    public static TimeSpan ReopenDelay { get; } = TimeSpan.FromMilliseconds(100);

    public async IAsyncEnumerable<NetlinkEvent> ListenAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (!cancellationToken.IsCancellationRequested)
        {
            var socket = TryOpen();
            if (socket is null)
            {
                await Task.Delay(RetryDelay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (socket)
            {
                yield return new NetlinkResync(timeProvider.GetUtcNow(), "listening");
                while (true)
                {
                    var (length, error) = await ReceiveAsync(socket, buffer, cancellationToken).ConfigureAwait(false);
                    if (error == SocketError.NoBufferSpaceAvailable)
                    {
                        Log.Overflow(_logger);
                        yield return new NetlinkResync(timeProvider.GetUtcNow(), "netlink buffer overflow");
                        continue;
                    }

                    if (error != SocketError.Success || length == 0)
                    {
                        Log.SocketDied(_logger, error.ToString());
                        break;
                    }

                    foreach (var @event in RtnetlinkParser.Parse(buffer.AsMemory(0, length), timeProvider.GetUtcNow()))
                    {
                        Log.Received(_logger, @event);
                        yield return @event;
                    }
                }
            }

            await Task.Delay(ReopenDelay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private Socket? TryOpen()
    {
        try
        {
            return _open();
        }
        catch (SocketException e)
        {
            Log.OpenFailed(_logger, e, RetryDelay.TotalMilliseconds);
            return null;
        }
    }

    private static async Task<(int Length, SocketError Error)> ReceiveAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false), SocketError.Success);
        }
        catch (SocketException e)
        {
            // Returned as a value: the listener logs it and decides (resync on overflow, reopen otherwise).
            return (0, e.SocketErrorCode);
        }
        catch (ObjectDisposedException)
        {
            return (0, SocketError.Shutdown);
        }
    }
}
