using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Configuration;

/// <summary>Syntax checks for IPv6 words in a config: addresses (no zone index), prefixes, and the address classes the rules care about.</summary>
internal static class Ipv6Syntax
{
    public const string UnicastRule = "must be a unicast IPv6 address (not ::, ::1, multicast ff00::/8 or IPv4-mapped)";

    public const string GlobalRule = "must be a global unicast IPv6 address (not ::, ::1, link-local fe80::/10, multicast or IPv4-mapped)";

    /// <summary>An IPv6 address as written, without a zone index (<c>%eth0</c>: a link-local next hop takes the link's device).</summary>
    public static bool IsAddress(string text) => Parse(text) is not null;

    public static IPAddress? Parse(string text) =>
        text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            && text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            && IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6
            ? address
            : null;

    /// <summary><c>2001:db8::/32</c> or a single address.</summary>
    public static bool IsCidr(string text) => TryPrefix(text, out _, out _);

    public static bool TryPrefix(string text, out IPAddress address, out int length)
    {
        address = IPAddress.IPv6None;
        length = 128;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var bits = slash < 0 ? "128" : text[(slash + 1)..];
        if (Parse(slash < 0 ? text : text[..slash]) is not { } parsed || bits.Length is 0 or > 3 || !bits.All(char.IsAsciiDigit))
        {
            return false;
        }

        address = parsed;
        length = int.Parse(bits, CultureInfo.InvariantCulture);
        return length <= 128;
    }

    /// <summary>True when no bit after the first <paramref name="length"/> is set (<c>2001:db8:1::/48</c>, not <c>2001:db8:1::1/48</c>).</summary>
    public static bool IsNetwork(IPAddress address, int length)
    {
        var bytes = address.GetAddressBytes();
        for (var bit = length; bit < 128; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsUnicast(IPAddress address) =>
        !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback) && !address.IsIPv6Multicast && !address.IsIPv4MappedToIPv6;

    public static bool IsGlobalUnicast(IPAddress address) => IsUnicast(address) && !address.IsIPv6LinkLocal;

    /// <summary>Unique local addresses, fc00::/7 (RFC 4193): never routed on the Internet.</summary>
    public static bool IsUniqueLocal(IPAddress address) => (address.GetAddressBytes()[0] & 0xfe) == 0xfc;

    /// <summary>Whether two prefixes share an address.</summary>
    public static bool Overlap(IPAddress a, int aLength, IPAddress b, int bLength)
    {
        var shorter = Math.Min(aLength, bLength);
        var x = a.GetAddressBytes();
        var y = b.GetAddressBytes();
        for (var bit = 0; bit < shorter; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((x[bit / 8] & mask) != (y[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
