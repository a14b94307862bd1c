using System.Net;
using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// The wait shared by the next-hop probes (<see cref="ArpProbe"/>, <see cref="NeighbourProbe"/>): one request sent on
/// an already bound socket, then every datagram read (bounded by the buffer) until <c>isReply</c> takes one (ok, with
/// the round trip) or the deadline passes (timeout). A socket error is the probe's outcome; only the caller's own
/// cancellation throws.
/// </summary>
internal static class LinkLayerExchange
{
    public static async ValueTask<ProbeOutcome> AskAsync(
        Socket socket, byte[] request, EndPoint destination, Func<ReadOnlyMemory<byte>, bool> isReply,
        TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // Cancellation sources: the caller's token (shutdown) and this probe's deadline.
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var buffer = new byte[1500];
        var started = timeProvider.GetTimestamp();
        try
        {
            await socket.SendToAsync(request, destination, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var length = await socket.ReceiveAsync(buffer, linked.Token).ConfigureAwait(false);
                if (isReply(buffer.AsMemory(0, length)))
                {
                    return ProbeOutcome.Ok(timeProvider.GetElapsedTime(started));
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Timeout(timeout);
        }
        catch (SocketException e)
        {
            return ProbeErrors.FromSocket(e, timeProvider.GetElapsedTime(started));
        }
    }
}
