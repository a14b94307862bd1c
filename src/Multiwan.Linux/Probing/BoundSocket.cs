using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.Probing;

/// <summary>Creates a socket tied to a link: SO_MARK, SO_BINDTODEVICE, bound to the link's source address.</summary>
internal static class BoundSocket
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoMark = 36;

    public static Socket Create(ISocketFactory factory, LinkBinding binding, SocketType type, ProtocolType protocol)
    {
        var socket = factory.Create(AddressFamily.InterNetwork, type, protocol);
        try
        {
            if (binding.Mark != 0)
            {
                socket.SetRawSocketOption(SolSocket, SoMark, BitConverter.GetBytes(binding.Mark));
            }

            if (binding.Device.Length > 0)
            {
                socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(binding.Device + "\0"));
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
