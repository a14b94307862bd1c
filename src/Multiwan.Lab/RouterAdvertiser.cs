using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// Sends one IPv6 router advertisement (RFC 4861) from an ISP's link-local next hop (fe80::1 on <c>cust0</c>) to all
/// nodes on the router's WAN, so the router's kernel learns what a CPE learns: a default route via fe80::1
/// (<c>proto ra</c>, metric 1024, expiring with the router lifetime) and, from the prefix information option (on-link,
/// autonomous), a SLAAC address in the ISP's uplink /64 — the address and route events a real line produces. The router's
/// WAN gets <c>accept_ra=2</c> first (it forwards, and a forwarding interface ignores advertisements otherwise). A router
/// lifetime of zero withdraws the default route; a prefix valid lifetime of zero withdraws the SLAAC address.
/// </summary>
public sealed class RouterAdvertiser
{
    private const byte RouterAdvertisement = 134;
    private const byte PrefixInformation = 3;

    private readonly LabTopology _lab;

    internal RouterAdvertiser(LabTopology lab) => _lab = lab;

    /// <summary>Advertises ISP <paramref name="isp"/> as a default router for <paramref name="routerLifetime"/> and its uplink /64 for SLAAC.</summary>
    public async Task SendAsync(int isp, TimeSpan routerLifetime, TimeSpan prefixValid, TimeSpan prefixPreferred, CancellationToken cancellationToken = default)
    {
        var i = _lab.Isp(isp);
        await LabShell.ExecAsync(_lab.RouterNamespace, ["sysctl", "-qw", $"net.ipv6.conf.{i.RouterDevice}.accept_ra=2", $"net.ipv6.conf.{i.RouterDevice}.autoconf=1"], cancellationToken)
            .ConfigureAwait(false);
        var prefix = IPNetwork.Parse($"{i.Gateway6}/{i.PrefixLength6}");
        using var socket = Netns.Run(i.Namespace, () =>
        {
            var s = new Socket(AddressFamily.InterNetworkV6, SocketType.Raw, ProtocolType.IcmpV6);
            try
            {
                Multiwan.Probing.BoundSocket.BindToDevice(s, i.IspDevice);
                s.SetSocketOption(SocketOptionLevel.IPv6, SocketOptionName.MulticastTimeToLive, 255);
                return s;
            }
            catch
            {
                s.Dispose();
                throw;
            }
        });
        var index = Multiwan.Probing.InterfaceQuery.Index(socket, i.IspDevice); // Asked of the socket: its namespace's index.
        socket.Bind(new IPEndPoint(new IPAddress(i.LinkLocalGateway.GetAddressBytes(), index), 0));
        var packet = Build(routerLifetime, prefix, prefixValid, prefixPreferred);
        await socket.SendToAsync(packet, new IPEndPoint(new IPAddress(IPAddress.Parse("ff02::1").GetAddressBytes(), index), 0), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The advertisement: header (hop limit 64, no M/O flags) and one prefix information option (L and A set).</summary>
    internal static byte[] Build(TimeSpan routerLifetime, IPNetwork prefix, TimeSpan valid, TimeSpan preferred)
    {
        var packet = new byte[16 + 32];
        packet[0] = RouterAdvertisement;
        packet[4] = 64;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(6), (ushort)Math.Clamp(routerLifetime.TotalSeconds, 0, 9000));
        var option = packet.AsSpan(16);
        option[0] = PrefixInformation;
        option[1] = 4; // 32 bytes
        option[2] = (byte)prefix.PrefixLength;
        option[3] = 0xc0; // on-link, autonomous
        BinaryPrimitives.WriteUInt32BigEndian(option[4..], (uint)valid.TotalSeconds);
        BinaryPrimitives.WriteUInt32BigEndian(option[8..], (uint)preferred.TotalSeconds);
        prefix.BaseAddress.GetAddressBytes().CopyTo(option[16..]);
        return packet;
    }
}
