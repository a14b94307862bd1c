using System.Net;
using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// IPv6 next-hop reachability, the equivalent of <see cref="ArpProbe"/>: a neighbour solicitation for the target (the
/// link's IPv6 gateway, usually link-local) sent on the link's device to its solicited-node group, from the device's
/// link-local address (the kernel chooses it for the link-scope destination); any neighbour advertisement for the target
/// within the timeout is ok. Needs CAP_NET_RAW. A secondary signal only, like ARP: the modem often answers while the
/// ISP behind it is dead, so it never decides a round.
/// </summary>
public sealed class NeighbourProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (binding.Device.Length == 0)
        {
            return ProbeOutcome.Error("neighbour discovery needs the link's device");
        }

        if (target.Address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ProbeOutcome.Error($"neighbour discovery is IPv6; {target.Address} is IPv4 (use arp)");
        }

        Socket socket;
        try
        {
            socket = sockets.Create(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Error($"cannot open a raw ICMPv6 socket ({binding}): {e.Message}");
        }

        using (socket)
        {
            IPAddress group;
            byte[] solicitation;
            try
            {
                // Device only: no mark (the solicitation never leaves the link) and no global source (link-local is chosen).
                BoundSocket.BindToDevice(socket, binding.Device);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, NdpPacket.HopLimit);
                socket.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.IpTimeToLive, NdpPacket.HopLimit);
                var index = InterfaceQuery.Index(socket, binding.Device);
                solicitation = NdpPacket.Solicitation(target.Address, InterfaceQuery.HardwareAddress(socket, binding.Device));
                group = NdpPacket.SolicitedNode(target.Address, index);
            }
            catch (SocketException e)
            {
                return ProbeOutcome.Error($"neighbour discovery on {binding.Device}: {e.Message}");
            }

            return await LinkLayerExchange.AskAsync(
                socket, solicitation, new IPEndPoint(group, 0),
                datagram => NdpPacket.IsAdvertisementFor(datagram.Span, target.Address), timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
