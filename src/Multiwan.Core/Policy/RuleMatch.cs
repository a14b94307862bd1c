using System.Globalization;
using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Policy;

/// <summary>Whether a rule matches a <see cref="ConnectionQuery"/> as the nft <c>decide</c> chain would, and if not, why.</summary>
internal static class RuleMatch
{
    /// <summary>Null when <paramref name="rule"/> matches; else the first part that does not, in words.</summary>
    public static string? Mismatch(RuleConfig rule, ConnectionQuery query)
    {
        if (rule.Protocol != RuleProtocol.Any && rule.Protocol != query.Protocol)
        {
            return $"protocol {Lower(rule.Protocol)} ({Given(query.Protocol == RuleProtocol.Any ? null : Lower(query.Protocol))})";
        }

        return Prefixes("src", rule.Src, query.Source)
            ?? Prefixes("dst", rule.Dst, query.Destination)
            ?? Ports("src_port", rule.SrcPort, query.SourcePort)
            ?? Ports("dst_port", rule.DstPort, query.DestinationPort);
    }

    private static string? Prefixes(string key, IReadOnlyList<string> prefixes, IPAddress? address) =>
        prefixes.Count == 0 || (address is not null && prefixes.Any(p => Contains(p, address)))
            ? null
            : $"{key} {string.Join(", ", prefixes)} ({Given(address?.ToString())})";

    private static string? Ports(string key, IReadOnlyList<string> ports, int? port) =>
        ports.Count == 0 || (port is { } p && ports.Any(range => Holds(range, p)))
            ? null
            : $"{key} {string.Join(", ", ports)} ({Given(port?.ToString(CultureInfo.InvariantCulture))})";

    private static string Given(string? value) => value is null ? "not given" : "got " + value;

    /// <summary>Whether <paramref name="address"/> lies in <paramref name="prefix"/> (<c>A/N</c> or one address); host bits of the prefix are ignored, as nft does.</summary>
    private static bool Contains(string prefix, IPAddress address)
    {
        var parts = prefix.Split('/');
        var network = IPAddress.Parse(parts[0]).GetAddressBytes();
        var bytes = address.GetAddressBytes();
        if (network.Length != bytes.Length)
        {
            return false;
        }

        var length = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : network.Length * 8;
        for (var bit = 0; bit < length; bit++)
        {
            var mask = 0x80 >> (bit % 8);
            if ((network[bit / 8] & mask) != (bytes[bit / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Holds(string range, int port) => range.Split('-') is [var low, var high]
        ? port >= int.Parse(low, CultureInfo.InvariantCulture) && port <= int.Parse(high, CultureInfo.InvariantCulture)
        : port == int.Parse(range, CultureInfo.InvariantCulture);

    private static string Lower(RuleProtocol protocol) => protocol.ToString().ToLowerInvariant();
}
