using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>Creates sockets: in the process's own network namespace, or (in tests and the lab) in another one.</summary>
public interface ISocketFactory
{
    Socket Create(AddressFamily family, SocketType type, ProtocolType protocol);
}
