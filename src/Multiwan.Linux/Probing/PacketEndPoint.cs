using System.Net;
using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>A link-layer address (<c>struct sockaddr_ll</c>) for AF_PACKET sockets: protocol, interface index and hardware address.</summary>
internal sealed class PacketEndPoint(ushort protocol, int interfaceIndex, byte[]? hardwareAddress = null) : EndPoint
{
    private const int Size = 20;

    public override AddressFamily AddressFamily => AddressFamily.Packet;

    public ushort Protocol => protocol;

    public int InterfaceIndex => interfaceIndex;

    public override SocketAddress Serialize()
    {
        // sll_family(2, written by SocketAddress), sll_protocol(2, network order), sll_ifindex(4), sll_hatype(2),
        // sll_pkttype(1), sll_halen(1), sll_addr(8).
        var address = new SocketAddress(AddressFamily.Packet, Size);
        address[2] = (byte)(protocol >> 8);
        address[3] = (byte)protocol;
        var index = BitConverter.GetBytes(interfaceIndex);
        for (var i = 0; i < 4; i++)
        {
            address[4 + i] = index[i];
        }

        if (hardwareAddress is not null)
        {
            address[11] = (byte)hardwareAddress.Length;
            for (var i = 0; i < hardwareAddress.Length && i < 8; i++)
            {
                address[12 + i] = hardwareAddress[i];
            }
        }

        return address;
    }

    public override EndPoint Create(SocketAddress socketAddress)
    {
        ArgumentNullException.ThrowIfNull(socketAddress);
        var protocolValue = (ushort)((socketAddress[2] << 8) | socketAddress[3]);
        var index = socketAddress[4] | (socketAddress[5] << 8) | (socketAddress[6] << 16) | (socketAddress[7] << 24);
        var length = Math.Min((int)socketAddress[11], 8);
        var hardware = new byte[length];
        for (var i = 0; i < length; i++)
        {
            hardware[i] = socketAddress[12 + i];
        }

        return new PacketEndPoint(protocolValue, index, hardware);
    }
}
