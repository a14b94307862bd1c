using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Multiwan.Probing;

/// <summary>
/// Interface index and hardware address by <c>ioctl</c> on a socket, so the answer comes from the socket's own
/// network namespace (not the calling thread's, as <c>if_nametoindex</c> would).
/// </summary>
internal static partial class InterfaceQuery
{
    private const ulong SiocGifHwAddr = 0x8927;
    private const ulong SiocGifIndex = 0x8933;
    private const int IfReqSize = 40;

    public static int Index(Socket socket, string device)
    {
        var request = Request(device);
        Ioctl(socket, SiocGifIndex, request, device);
        return BitConverter.ToInt32(request, 16);
    }

    /// <summary>The 6-byte Ethernet address of <paramref name="device"/>.</summary>
    public static byte[] HardwareAddress(Socket socket, string device)
    {
        var request = Request(device);
        Ioctl(socket, SiocGifHwAddr, request, device);
        // ifr_hwaddr is a struct sockaddr: family(2), then the address bytes.
        return request[18..24];
    }

    private static byte[] Request(string device)
    {
        var request = new byte[IfReqSize];
        var name = Encoding.ASCII.GetBytes(device);
        if (name.Length > 15)
        {
            throw new ArgumentException($"interface name too long: {device}", nameof(device));
        }

        name.CopyTo(request, 0);
        return request;
    }

    private static void Ioctl(Socket socket, ulong request, byte[] data, string device)
    {
        if (NativeIoctl((int)socket.Handle, request, data) != 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError(), $"ioctl 0x{request:x} on {device} failed");
        }
    }

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int NativeIoctl(int fd, ulong request, byte[] data);
}
