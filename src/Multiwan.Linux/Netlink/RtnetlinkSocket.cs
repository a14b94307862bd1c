using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Multiwan.Netlink;

/// <summary>
/// Opens an rtnetlink socket subscribed to link, address and route changes of both families, in the calling thread's
/// network namespace. .NET cannot create AF_NETLINK sockets itself, so libc <c>socket</c>/<c>bind</c> are called
/// and the descriptor is wrapped in a <see cref="Socket"/>.
/// </summary>
internal static partial class RtnetlinkSocket
{
    private const int AfNetlink = 16;
    private const int SockRaw = 3;
    private const int SockCloexec = 0x80000;
    private const int NetlinkRoute = 0;
    private const uint RtmgrpLink = 0x1;
    private const uint RtmgrpIpv4Ifaddr = 0x10;
    private const uint RtmgrpIpv4Route = 0x40;
    private const uint RtmgrpIpv6Ifaddr = 0x100;
    private const uint RtmgrpIpv6Route = 0x400;

    public static Socket Open()
    {
        var fd = NativeSocket(AfNetlink, SockRaw | SockCloexec, NetlinkRoute);
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        var address = new SockaddrNl { Family = AfNetlink, Groups = RtmgrpLink | RtmgrpIpv4Ifaddr | RtmgrpIpv4Route | RtmgrpIpv6Ifaddr | RtmgrpIpv6Route };
        if (NativeBind(fd, ref address, Marshal.SizeOf<SockaddrNl>()) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            NativeClose(fd);
            throw new SocketException(error);
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        socket.ReceiveBufferSize = 1 << 20;
        return socket;
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int NativeSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    private static partial int NativeBind(int fd, ref SockaddrNl address, int length);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int NativeClose(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private struct SockaddrNl
    {
        public ushort Family;
        public ushort Pad;
        public uint Pid;
        public uint Groups;
    }
}
