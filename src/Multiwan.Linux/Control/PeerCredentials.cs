using System.Buffers.Binary;
using System.Net.Sockets;

namespace Multiwan.Control;

/// <summary>The process on the other end of a Unix stream socket, from <c>SO_PEERCRED</c> (struct ucred: pid, uid, gid).</summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials? Read(Socket socket)
    {
        Span<byte> ucred = stackalloc byte[12];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) != 12)
            {
                return null;
            }
        }
        catch (SocketException)
        {
            return null; // The caller refuses a peer it cannot identify.
        }

        return new PeerCredentials(
            BinaryPrimitives.ReadInt32LittleEndian(ucred),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(ucred[8..]));
    }
}
