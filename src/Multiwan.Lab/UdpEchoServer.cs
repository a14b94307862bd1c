using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>A UDP echo inside a namespace that counts datagrams by source address.</summary>
public sealed class UdpEchoServer : IAsyncDisposable
{
    private readonly UdpReceiveLoops _loops;

    public UdpEchoServer(string nameSpace, IPEndPoint bind)
        : this(nameSpace, [bind])
    {
    }

    /// <summary>One socket per address: a reply must leave from the address the client sent to, or NAT on the way back drops it.</summary>
    public UdpEchoServer(string nameSpace, IReadOnlyList<IPEndPoint> binds)
    {
        _loops = new UdpReceiveLoops(nameSpace, binds, bufferSize: 65536, OnDatagramAsync);
    }

    public IReadOnlyList<IPEndPoint> Endpoints => _loops.Endpoints;

    /// <summary>The first bound address.</summary>
    public IPEndPoint Endpoint => Endpoints[0];

    public SourceCounter Datagrams { get; } = new();

    /// <summary>Echo datagrams back (default); false makes it a sink.</summary>
    public bool Echo { get; set; } = true;

    private async Task OnDatagramAsync(Socket socket, ReadOnlyMemory<byte> datagram, IPEndPoint from, CancellationToken cancellationToken)
    {
        Datagrams.Add(from.Address);
        if (Echo)
        {
            await socket.SendToAsync(datagram, from, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _loops.DisposeAsync();
}
