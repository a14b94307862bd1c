using System.Net;
using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// A DNS query over UDP from the link. The socket is connected, so the kernel drops datagrams from anyone but the
/// target; the answer must carry the query's id. Any answer counts unless an rcode is expected. An ICMP port
/// unreachable from the target is <see cref="ProbeStatus.Refused"/> (the host answered). A datagram that is not
/// the answer (another id, too short, not a response) is ignored and the wait goes on until the deadline; each
/// read is bounded by the buffer. A query name that is not a valid DNS name is never sent.
/// </summary>
public sealed class DnsProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (DnsPacket.NameError(target.Query) is { } refused)
        {
            return ProbeOutcome.Error(refused);
        }

        Socket socket;
        try
        {
            socket = BoundSocket.Create(sockets, binding, target.Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Error($"cannot open a UDP socket ({binding}): {e.Message}");
        }

        using (socket)
        {
            // Cancellation sources: the caller's token (shutdown) and this probe's deadline.
            using var deadline = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var id = (ushort)Random.Shared.Next(0, ushort.MaxValue + 1);
            var buffer = new byte[1500];
            var started = timeProvider.GetTimestamp();
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target.Address, target.Port), linked.Token).ConfigureAwait(false);
                await socket.SendAsync(DnsPacket.Query(id, target.Query), linked.Token).ConfigureAwait(false);
                while (true)
                {
                    var length = await socket.ReceiveAsync(buffer, linked.Token).ConfigureAwait(false);
                    if (DnsPacket.ResponseRcode(buffer.AsSpan(0, length), id) is not { } rcode)
                    {
                        continue;
                    }

                    var rtt = timeProvider.GetElapsedTime(started);
                    return target.ExpectRcode is { } expected && expected != rcode
                        ? ProbeOutcome.Error($"rcode {DnsPacket.RcodeName(rcode)}, expected {DnsPacket.RcodeName(expected)}")
                        : ProbeOutcome.Ok(rtt);
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
}
