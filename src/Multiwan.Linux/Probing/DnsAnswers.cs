using System.Buffers.Binary;
using System.Net;

namespace Multiwan.Probing;

/// <summary>
/// The A and AAAA records of a response to one of our queries (<see cref="DnsPacket.Query"/>), with their TTLs: the question is
/// skipped, each answer's name may be a label run or a compression pointer, records of another type or class are
/// passed over. Every read is bounds-checked; a truncated or malformed answer section yields what was read before it.
/// </summary>
internal static class DnsAnswers
{
    /// <returns>Null when the datagram is not the response to <paramref name="id"/>; else its rcode and A and AAAA records.</returns>
    public static (int Rcode, List<(IPAddress Address, uint Ttl)> Records)? Parse(ReadOnlySpan<byte> datagram, ushort id)
    {
        if (DnsPacket.ResponseRcode(datagram, id) is not { } rcode)
        {
            return null;
        }

        var records = new List<(IPAddress, uint)>();
        var questions = BinaryPrimitives.ReadUInt16BigEndian(datagram[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(datagram[6..]);
        var at = 12;
        for (var q = 0; q < questions && at >= 0; q++)
        {
            at = SkipName(datagram, at) is var end and >= 0 && end + 4 <= datagram.Length ? end + 4 : -1;
        }

        for (var a = 0; a < answers && at >= 0; a++)
        {
            var end = SkipName(datagram, at);
            if (end < 0 || end + 10 > datagram.Length)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(datagram[end..]);
            var @class = BinaryPrimitives.ReadUInt16BigEndian(datagram[(end + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(datagram[(end + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[(end + 8)..]);
            var data = end + 10;
            if (data + length > datagram.Length)
            {
                break;
            }

            if (@class == 1 && ((type == DnsPacket.TypeA && length == 4) || (type == DnsPacket.TypeAaaa && length == 16)))
            {
                records.Add((new IPAddress(datagram.Slice(data, length)), ttl));
            }

            at = data + length;
        }

        return (rcode, records);
    }

    /// <summary>The offset after the name at <paramref name="at"/> (labels ending in a root or a pointer), or -1.</summary>
    private static int SkipName(ReadOnlySpan<byte> datagram, int at)
    {
        while (at < datagram.Length)
        {
            var length = datagram[at];
            if (length == 0)
            {
                return at + 1;
            }

            if ((length & 0xc0) == 0xc0)
            {
                return at + 2 <= datagram.Length ? at + 2 : -1;
            }

            if ((length & 0xc0) != 0)
            {
                return -1;
            }

            at += length + 1;
        }

        return -1;
    }
}
