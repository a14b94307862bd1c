using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// A DNS server inside a namespace that answers every standard query with one A record (<see cref="Answer"/>,
/// TTL 60); queries counted by source.
/// </summary>
public sealed class DnsResponder : IAsyncDisposable
{
    private readonly List<Socket> _sockets;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _loops;

    public DnsResponder(string nameSpace, IPEndPoint bind, IPAddress answer)
        : this(nameSpace, [bind], answer)
    {
    }

    /// <summary>One socket per address: a reply must leave from the address the client asked, or NAT on the way back drops it.</summary>
    public DnsResponder(string nameSpace, IReadOnlyList<IPEndPoint> binds, IPAddress answer)
    {
        ArgumentNullException.ThrowIfNull(binds);
        Answer = answer;
        _sockets = [.. binds.Select(bind => Netns.Run(nameSpace, () =>
        {
            var s = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(bind);
            return s;
        }))];
        Endpoints = [.. _sockets.Select(s => (IPEndPoint)s.LocalEndPoint!)];
        _loops = [.. _sockets.Select(s => LoopAsync(s, _stop.Token))];
    }

    public IReadOnlyList<IPEndPoint> Endpoints { get; }

    /// <summary>The first bound address.</summary>
    public IPEndPoint Endpoint => Endpoints[0];

    public IPAddress Answer { get; }

    public SourceCounter Queries { get; } = new();

    /// <summary>The reply to <paramref name="query"/>, or null when it is not a single-question standard query.</summary>
    public static byte[]? BuildReply(ReadOnlySpan<byte> query, IPAddress answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (query.Length < 12 || (query[2] & 0x80) != 0 || BinaryPrimitives.ReadUInt16BigEndian(query[4..]) != 1)
        {
            return null;
        }

        var end = 12;
        while (end < query.Length && query[end] != 0)
        {
            end += query[end] + 1;
        }

        end += 5; // Root label, QTYPE, QCLASS.
        if (end > query.Length)
        {
            return null;
        }

        var reply = new byte[end + 16];
        query[..end].CopyTo(reply);
        reply[2] = (byte)(0x84 | (query[2] & 0x01)); // QR, AA, keep RD.
        reply[3] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), 1); // ANCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(10), 0);
        var a = reply.AsSpan(end);
        a[0] = 0xc0; // Name: pointer to the question.
        a[1] = 12;
        BinaryPrimitives.WriteUInt16BigEndian(a[2..], 1); // A
        BinaryPrimitives.WriteUInt16BigEndian(a[4..], 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(a[6..], 60);
        BinaryPrimitives.WriteUInt16BigEndian(a[10..], 4);
        answer.GetAddressBytes().CopyTo(a[12..]);
        return reply;
    }

    private async Task LoopAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1500];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var received = await socket.ReceiveFromAsync(buffer, any, cancellationToken).ConfigureAwait(false);
                var from = (IPEndPoint)received.RemoteEndPoint;
                Queries.Add(from.Address);
                if (BuildReply(buffer.AsSpan(0, received.ReceivedBytes), Answer) is { } reply)
                {
                    await socket.SendToAsync(reply, from, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier reply: keep serving.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return; // Stopped.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _sockets.ForEach(s => s.Dispose());
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
