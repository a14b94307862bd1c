using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Multiwan.Netlink;

/// <summary>Receives one reply message of a request: its type and body (after <c>struct nlmsghdr</c>).</summary>
internal delegate void NetlinkReply(ushort type, ReadOnlySpan<byte> body);

/// <summary>
/// A request/response netlink socket (rtnetlink or nfnetlink), joined to no multicast group, in the network
/// namespace of the thread that opened it. Dumps and acknowledged changes are blocking calls: the caller
/// serialises them. A kernel refusal (<c>nlmsgerr</c>) is a value: the errno, never an exception.
/// </summary>
internal sealed partial class NetlinkChannel : IDisposable
{
    public const int Route = 0;
    public const int Netfilter = 12;
    private const ushort NlmsgError = 2;
    private const ushort NlmsgDone = 3;

    private readonly Socket _socket;
    private readonly byte[] _receive = new byte[64 * 1024];
    private uint _sequence = (uint)Environment.TickCount;

    private NetlinkChannel(Socket socket) => _socket = socket;

    public static NetlinkChannel Open(int protocol)
    {
        var fd = NativeSocket(16, 3 | 0x80000, protocol); // AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC
        if (fd < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true)) { ReceiveTimeout = 5000, SendTimeout = 5000 };
        socket.ReceiveBufferSize = 1 << 20;
        return new NetlinkChannel(socket);
    }

    public uint NextSequence() => ++_sequence;

    /// <summary>The kernel's text for an errno, as <c>ip</c> prints it after <c>RTNETLINK answers: </c>.</summary>
    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    /// <summary>Sends a dump request built with <paramref name="sequence"/> and feeds every reply to <paramref name="reply"/>; 0 or the errno.</summary>
    public int Dump(NetlinkBuilder request, uint sequence, NetlinkReply reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Send(request) is var sendError and not 0)
        {
            return sendError;
        }

        while (true)
        {
            var (length, error) = Receive();
            if (error != 0)
            {
                return error;
            }

            foreach (var message in new NetlinkMessages(_receive.AsSpan(0, length)))
            {
                if (message.Sequence != sequence)
                {
                    continue;
                }

                if (message.Type is NlmsgDone or NlmsgError)
                {
                    return message.Type == NlmsgDone ? 0 : message.Errno;
                }

                reply(message.Type, message.Body);
            }
        }
    }

    /// <summary>
    /// Sends the messages of <paramref name="requests"/> (sequence numbers <paramref name="first"/>.. in order, each
    /// with NLM_F_ACK) in one datagram and waits for every acknowledgement: the errno per message (0 = done).
    /// </summary>
    public int[] Transact(NetlinkBuilder requests, uint first, int count)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var errors = new int[count];
        if (Send(requests) is var sendError and not 0)
        {
            Array.Fill(errors, sendError);
            return errors;
        }

        var acknowledged = new bool[count];
        var pending = count;
        while (pending > 0)
        {
            var (length, error) = Receive();
            if (error != 0)
            {
                for (var i = 0; i < count; i++)
                {
                    errors[i] = acknowledged[i] ? errors[i] : error;
                }

                return errors;
            }

            foreach (var message in new NetlinkMessages(_receive.AsSpan(0, length)))
            {
                var index = (long)message.Sequence - first;
                if (message.Type == NlmsgError && index >= 0 && index < count && !acknowledged[index])
                {
                    acknowledged[index] = true;
                    errors[index] = message.Errno;
                    pending--;
                }
            }
        }

        return errors;
    }

    public void Dispose() => _socket.Dispose();

    private int Send(NetlinkBuilder request)
    {
        try
        {
            _socket.Send(request.Memory.Span);
            return 0;
        }
        catch (SocketException e)
        {
            return e.NativeErrorCode;
        }
    }

    private (int Length, int Error) Receive()
    {
        try
        {
            return (_socket.Receive(_receive), 0);
        }
        catch (SocketException e)
        {
            return (0, e.NativeErrorCode);
        }
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int NativeSocket(int domain, int type, int protocol);
}
