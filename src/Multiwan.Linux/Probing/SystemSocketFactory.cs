using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>Sockets in the network namespace the process runs in.</summary>
public sealed class SystemSocketFactory : ISocketFactory
{
    public static SystemSocketFactory Instance { get; } = new();

    public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol) => new(family, type, protocol);
}
