using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Multiwan.Configuration;

namespace Multiwan.Probing;

/// <summary>A hand-built DNS query (one question, type A, class IN, recursion desired) and the checks on its answer.</summary>
internal static class DnsPacket
{
    public static byte[] Query(ushort id, string name)
    {
        var packet = new List<byte>(32 + name.Length);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        header[5] = 1;    // QDCOUNT = 1
        packet.AddRange(header.ToArray());
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            packet.Add((byte)Math.Min(bytes.Length, 63));
            packet.AddRange(bytes.Take(63));
        }

        packet.AddRange([0, 0, 1, 0, 1]); // root, QTYPE A, QCLASS IN
        return [.. packet];
    }

    /// <summary>The rcode of a response to query <paramref name="id"/>, or null when the datagram is not that response.</summary>
    public static int? ResponseRcode(ReadOnlySpan<byte> datagram, ushort id)
    {
        if (datagram.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(datagram) != id || (datagram[2] & 0x80) == 0)
        {
            return null;
        }

        return datagram[3] & 0x0f;
    }

    /// <summary><c>noerror</c>, <c>nxdomain</c>, ... or a number 0-15 (validated with the config; see <see cref="DnsRcode"/>).</summary>
    public static int ParseRcode(string text) =>
        DnsRcode.TryParse(text, out var rcode) ? rcode : throw new ArgumentException($"expect_rcode: {DnsRcode.Expected} (got {text})", nameof(text));

    public static string RcodeName(int rcode) => DnsRcode.Name(rcode);
}
