using System.Net.Sockets;
using Multiwan.Lab;

namespace Multiwan.Probing;

/// <summary>Probe sockets created inside a lab namespace (the router), as if multiwan ran there.</summary>
internal sealed class NetnsSocketFactory(string nameSpace) : ISocketFactory
{
    public Socket Create(AddressFamily family, SocketType type, ProtocolType protocol) =>
        Netns.CreateSocket(nameSpace, family, type, protocol);
}
