using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// ICMP echo on a raw socket bound to the link (needs CAP_NET_RAW): ICMPv4, or ICMPv6 for an IPv6 target
/// (<see cref="Icmp6Packet"/>; the kernel computes the ICMPv6 checksum). Each probe has its own socket, a random
/// identifier and the target's next sequence number; it reads until the deadline, ignoring every datagram that is
/// not the reply to this request from this target (a raw socket sees all ICMP arriving on the device), as
/// dotnet/runtime's Ping.RawSocket does. An ICMP error quoting the request means unreachable.
/// </summary>
public sealed class IcmpProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    private readonly ConcurrentDictionary<IPAddress, int> _sequences = new();

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var identifier = (ushort)Random.Shared.Next(1, ushort.MaxValue);
        var sequence = (ushort)_sequences.AddOrUpdate(target.Address, 1, (_, s) => (s + 1) & 0xffff);
        var buffer = new byte[1500];
        var family = target.Address.AddressFamily;
        var v6 = family == AddressFamily.InterNetworkV6;
        var any = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        long started = 0;
        Socket socket;
        try
        {
            socket = BoundSocket.Create(sockets, binding, family, SocketType.Raw, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Error($"cannot open a raw {(v6 ? "ICMPv6" : "ICMP")} socket ({binding}): {e.Message}");
        }

        using (socket)
        {
            // Cancellation sources: the caller's token (shutdown) and this probe's deadline.
            using var deadline = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                started = timeProvider.GetTimestamp();
                await socket.SendToAsync(v6 ? Icmp6Packet.Request(identifier, sequence) : IcmpPacket.Request(identifier, sequence), new IPEndPoint(target.Address, 0), linked.Token).ConfigureAwait(false);
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, any, linked.Token).ConfigureAwait(false);
                    var from = ((IPEndPoint)received.RemoteEndPoint).Address;
                    var datagram = buffer.AsSpan(0, received.ReceivedBytes);
                    switch (v6 ? Icmp6Packet.Match(datagram, from, target.Address, identifier, sequence) : IcmpPacket.Match(datagram, from, target.Address, identifier, sequence))
                    {
                        case IcmpMatch.Reply:
                            return ProbeOutcome.Ok(timeProvider.GetElapsedTime(started));
                        case IcmpMatch.Unreachable:
                            return ProbeOutcome.Unreachable($"destination unreachable from {from}");
                        case IcmpMatch.TimeExceeded:
                            return ProbeOutcome.Unreachable($"time exceeded from {from}");
                        default:
                            continue;
                    }
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return ProbeOutcome.Timeout(timeout);
            }
            catch (SocketException e)
            {
                return ProbeErrors.FromSocket(e, started == 0 ? TimeSpan.Zero : timeProvider.GetElapsedTime(started));
            }
        }
    }
}
