using System.Net;
using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>
/// One DNS question over UDP, asked the way every probe asks: from a socket bound to the link (mark, device, source:
/// <see cref="BoundSocket"/>) and connected to the server, so the kernel drops datagrams from anyone else. A datagram
/// that <c>match</c> does not take (another id, too short, not a response) is ignored and the wait goes on until the
/// deadline; each read is bounded by the buffer. Shared by <see cref="DnsProbe"/> and <see cref="HostResolver"/>;
/// never throws for a network failure, only for the caller's own cancellation.
/// </summary>
internal static class DnsExchange
{
    public static async ValueTask<DnsReply<T>> AskAsync<T>(
        ISocketFactory sockets, LinkBinding binding, IPEndPoint server, Func<ushort, byte[]> query, Func<ReadOnlyMemory<byte>, ushort, T?> match,
        TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
        where T : struct
    {
        Socket socket;
        try
        {
            socket = BoundSocket.Create(sockets, binding, server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e)
        {
            return DnsReply<T>.NoSocket(e);
        }

        using (socket)
        {
            // Cancellation sources: the caller's token (shutdown) and this question's deadline.
            using var deadline = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var id = (ushort)Random.Shared.Next(0, ushort.MaxValue + 1);
            var buffer = new byte[1500];
            var started = timeProvider.GetTimestamp();
            try
            {
                await socket.ConnectAsync(server, linked.Token).ConfigureAwait(false);
                await socket.SendAsync(query(id), linked.Token).ConfigureAwait(false);
                while (true)
                {
                    var length = await socket.ReceiveAsync(buffer, linked.Token).ConfigureAwait(false);
                    if (match(buffer.AsMemory(0, length), id) is { } answer)
                    {
                        return DnsReply<T>.Answered(answer, timeProvider.GetElapsedTime(started));
                    }
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return DnsReply<T>.TimedOut(timeProvider.GetElapsedTime(started));
            }
            catch (SocketException e)
            {
                return DnsReply<T>.Failed(e, timeProvider.GetElapsedTime(started));
            }
        }
    }
}
