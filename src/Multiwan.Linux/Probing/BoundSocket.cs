using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.Probing;

/// <summary>
/// Creates a socket tied to a link: SO_MARK, SO_BINDTODEVICE, bound to the link's source address. The socket's family
/// is the target's (a probe's family is its target's); an IPv6 socket is IPv6 only (no mapped IPv4).
/// </summary>
internal static class BoundSocket
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoMark = 36;

    /// <summary><c>SO_BINDTODEVICE</c>: the socket sends and receives on <paramref name="device"/> only.</summary>
    public static void BindToDevice(Socket socket, string device) =>
        socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(device + "\0"));

    public static Socket Create(ISocketFactory factory, LinkBinding binding, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        var socket = factory.Create(family, type, protocol);
        try
        {
            if (family == AddressFamily.InterNetworkV6 && type != SocketType.Raw)
            {
                socket.DualMode = false;
            }

            if (binding.Mark != 0)
            {
                socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(binding.Mark));
            }

            if (binding.Device.Length > 0)
            {
                BindToDevice(socket, binding.Device);
            }

            if (binding.Source is not null)
            {
                socket.Bind(new IPEndPoint(binding.Source, 0));
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
