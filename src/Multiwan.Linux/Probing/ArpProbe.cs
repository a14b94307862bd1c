using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// Next-hop reachability: an ARP request for the target (the link's gateway) broadcast on the link's device, from
/// the link's source address; any ARP reply from the target within the timeout is ok. A secondary signal only:
/// the modem often answers while the ISP behind it is dead, so it never decides a round (see <see cref="TargetResult"/>).
/// </summary>
public sealed class ArpProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    private static readonly byte[] Broadcast = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (binding.Device.Length == 0)
        {
            return ProbeOutcome.Error("arp needs the link's device");
        }

        Socket socket;
        PacketEndPoint broadcast;
        byte[] mac;
        try
        {
            socket = sockets.Create(AddressFamily.Packet, SocketType.Dgram, (ProtocolType)BinaryHostOrder(ArpPacket.EtherTypeArp));
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Error($"cannot open a packet socket ({binding}): {e.Message}");
        }

        using (socket)
        {
            try
            {
                var index = InterfaceQuery.Index(socket, binding.Device);
                mac = InterfaceQuery.HardwareAddress(socket, binding.Device);
                socket.Bind(new PacketEndPoint(ArpPacket.EtherTypeArp, index));
                broadcast = new PacketEndPoint(ArpPacket.EtherTypeArp, index, Broadcast);
            }
            catch (SocketException e)
            {
                return ProbeOutcome.Error($"arp on {binding.Device}: {e.Message}");
            }

            return await LinkLayerExchange.AskAsync(
                socket, ArpPacket.Request(mac, binding.Source, target.Address), broadcast,
                datagram => ArpPacket.IsReplyFrom(datagram.Span, target.Address), timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The socket's protocol argument is the EtherType in network byte order, as <c>htons</c> gives it.</summary>
    private static int BinaryHostOrder(ushort etherType) => (ushort)((etherType >> 8) | (etherType << 8));
}
