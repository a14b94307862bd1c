using System.Runtime.InteropServices;

namespace Multiwan.Lab;

/// <summary>
/// A layer-3 TUN device (<c>IFF_TUN | IFF_NO_PI</c>: each read or write is one IP packet) created inside a namespace.
/// The device lives as long as this object holds its file descriptor; the kernel removes it on <see cref="Dispose"/>.
/// </summary>
internal sealed partial class TunDevice : IDisposable
{
    private const uint TunSetIff = 0x400454ca; // _IOW('T', 202, int)
    private const short IffTun = 0x0001;
    private const short IffNoPi = 0x1000;
    private const int ORdWr = 2;
    private const short PollIn = 0x0001;
    private const int EIntr = 4;
    private const int EAgain = 11;

    private int _fd;

    private TunDevice(int fd, string name)
    {
        _fd = fd;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Creates device <paramref name="name"/> in namespace <paramref name="nameSpace"/> (TUNSETIFF runs on a thread inside it).</summary>
    public static TunDevice Create(string nameSpace, string name) => Netns.Run(nameSpace, () =>
    {
        var fd = Open("/dev/net/tun", ORdWr);
        if (fd < 0)
        {
            throw new LabException($"lab: open /dev/net/tun failed: errno {Marshal.GetLastPInvokeError()}");
        }

        var request = new byte[40]; // struct ifreq: char ifr_name[16]; short ifr_flags; ...
        global::System.Text.Encoding.ASCII.GetBytes(name, request);
        BitConverter.TryWriteBytes(request.AsSpan(16), (short)(IffTun | IffNoPi));
        if (Ioctl(fd, TunSetIff, request) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = Close(fd);
            throw new LabException($"lab: TUNSETIFF {name} in {nameSpace} failed: errno {errno}");
        }

        return new TunDevice(fd, name);
    });

    /// <summary>Reads one packet into <paramref name="buffer"/>; 0 when nothing arrived within <paramref name="timeoutMs"/>; -1 once closed.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        var fd = _fd;
        if (fd < 0)
        {
            return -1;
        }

        var poll = new PollFd { Fd = fd, Events = PollIn };
        var ready = Poll(ref poll, 1, timeoutMs);
        if (ready <= 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return ready == 0 || errno == EIntr ? 0 : -1;
        }

        var read = ReadFd(fd, ref MemoryMarshal.GetReference(buffer), buffer.Length);
        if (read < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is EIntr or EAgain ? 0 : -1;
        }

        return (int)read;
    }

    /// <summary>Writes one packet (it arrives on this device as if received from the wire); false once closed or refused.</summary>
    public bool Write(ReadOnlySpan<byte> packet)
    {
        var fd = _fd;
        return fd >= 0 && WriteFd(fd, ref MemoryMarshal.GetReference(packet), packet.Length) == packet.Length;
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            _ = Close(fd);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int Ioctl(int fd, nuint request, byte[] argument);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFd(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFd(int fd, ref byte buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
