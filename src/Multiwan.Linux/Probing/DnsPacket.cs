using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Multiwan.Configuration;

namespace Multiwan.Probing;

/// <summary>A hand-built DNS query (one question, type A or AAAA, class IN, recursion desired) and the checks on its answer.</summary>
internal static class DnsPacket
{
    public const ushort TypeA = 1;

    public const ushort TypeAaaa = 28;

    public const int MaxLabelLength = 63;

    public const int MaxNameLength = 253;

    /// <summary>
    /// Why <paramref name="name"/> cannot be asked as it is, or null: at most 253 characters (a trailing dot aside)
    /// in labels of 1-63 ASCII letters, digits, hyphens (and <c>_</c>, as in <c>_dmarc</c>), no hyphen at either end.
    /// </summary>
    public static string? NameError(string name)
    {
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length is 0 or > MaxNameLength)
        {
            return $"query name \"{Multiwan.Text.SafeText.Show(name)}\": expected 1-{MaxNameLength} characters";
        }

        foreach (var label in trimmed.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength || label[0] == '-' || label[^1] == '-'
                || !label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return $"query name \"{Multiwan.Text.SafeText.Show(name)}\": each label must be 1-{MaxLabelLength} ASCII letters, digits or hyphens";
            }
        }

        return null;
    }

    /// <summary>The query packet; refuses a name <see cref="NameError"/> rejects (the probe checks first).</summary>
    public static byte[] Query(ushort id, string name, ushort type = TypeA)
    {
        if (NameError(name) is { } error)
        {
            throw new ArgumentException(error, nameof(name));
        }

        var packet = new List<byte>(32 + name.Length);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header, id);
        header[2] = 0x01; // RD
        header[5] = 1;    // QDCOUNT = 1
        packet.AddRange(header.ToArray());
        foreach (var label in (name.EndsWith('.') ? name[..^1] : name).Split('.'))
        {
            packet.Add((byte)label.Length);
            packet.AddRange(Encoding.ASCII.GetBytes(label));
        }

        packet.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]); // root, QTYPE, QCLASS IN
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
