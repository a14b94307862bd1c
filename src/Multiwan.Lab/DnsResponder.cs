using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Lab;

/// <summary>
/// A DNS server inside a namespace that answers every standard query with one A record (<see cref="Answer"/>,
/// TTL <see cref="TtlSeconds"/>, 60 unless told), or one AAAA record (<see cref="Answer6"/>) when the question is for AAAA and it has one; queries counted by source.
/// </summary>
public sealed class DnsResponder : IAsyncDisposable
{
    private readonly UdpReceiveLoops _loops;

    public DnsResponder(string nameSpace, IPEndPoint bind, IPAddress answer)
        : this(nameSpace, [bind], answer)
    {
    }

    /// <summary>One socket per address: a reply must leave from the address the client asked, or NAT on the way back drops it.</summary>
    public DnsResponder(string nameSpace, IReadOnlyList<IPEndPoint> binds, IPAddress answer, IPAddress? answer6 = null, uint ttlSeconds = 60)
    {
        Answer = answer;
        Answer6 = answer6;
        TtlSeconds = ttlSeconds;
        _loops = new UdpReceiveLoops(nameSpace, binds, bufferSize: 1500, OnDatagramAsync);
    }

    public IReadOnlyList<IPEndPoint> Endpoints => _loops.Endpoints;

    /// <summary>The first bound address.</summary>
    public IPEndPoint Endpoint => Endpoints[0];

    public IPAddress Answer { get; }

    /// <summary>The AAAA answer, or null to answer every question with <see cref="Answer"/>.</summary>
    public IPAddress? Answer6 { get; }

    public SourceCounter Queries { get; } = new();

    /// <summary>The TTL of every answer.</summary>
    public uint TtlSeconds { get; }

    /// <summary>The reply to <paramref name="query"/>, or null when it is not a single-question standard query.</summary>
    public static byte[]? BuildReply(ReadOnlySpan<byte> query, IPAddress answer, uint ttlSeconds = 60)
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

        var record = answer.GetAddressBytes();
        var reply = new byte[end + 12 + record.Length];
        query[..end].CopyTo(reply);
        reply[2] = (byte)(0x84 | (query[2] & 0x01)); // QR, AA, keep RD.
        reply[3] = 0x00;
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(6), 1); // ANCOUNT
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt16BigEndian(reply.AsSpan(10), 0);
        var a = reply.AsSpan(end);
        a[0] = 0xc0; // Name: pointer to the question.
        a[1] = 12;
        BinaryPrimitives.WriteUInt16BigEndian(a[2..], (ushort)(record.Length == 16 ? 28 : 1)); // AAAA or A
        BinaryPrimitives.WriteUInt16BigEndian(a[4..], 1); // IN
        BinaryPrimitives.WriteUInt32BigEndian(a[6..], ttlSeconds);
        BinaryPrimitives.WriteUInt16BigEndian(a[10..], (ushort)record.Length);
        record.CopyTo(a[12..]);
        return reply;
    }

    /// <summary>The QTYPE of the first question, or 0 when the query is too short to say.</summary>
    private static int QuestionType(ReadOnlySpan<byte> query)
    {
        var at = 12;
        while (at < query.Length && query[at] != 0)
        {
            at += query[at] + 1;
        }

        return at + 3 <= query.Length ? BinaryPrimitives.ReadUInt16BigEndian(query[(at + 1)..]) : 0;
    }

    private async Task OnDatagramAsync(Socket socket, ReadOnlyMemory<byte> datagram, IPEndPoint from, CancellationToken cancellationToken)
    {
        Queries.Add(from.Address);
        if (BuildReply(datagram.Span, Answer6 is not null && QuestionType(datagram.Span) == 28 ? Answer6 : Answer, TtlSeconds) is { } reply)
        {
            await socket.SendToAsync(reply, from, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _loops.DisposeAsync();
}
