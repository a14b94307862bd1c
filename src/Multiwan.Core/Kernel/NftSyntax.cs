using System.Globalization;
using System.Text;

namespace Multiwan.Kernel;

/// <summary>
/// Small pieces of nft syntax shared by the renderers. Every string that reaches the script goes through one of
/// them: identifiers, quoted device names, addresses, prefixes, ports and comments are checked (or, for comments,
/// escaped), so no value can change the script's structure; a value that cannot be written safely throws
/// <see cref="NftValueException"/> (docs/PLAN.md, "What reaches the script").
/// </summary>
internal static class NftSyntax
{
    /// <summary>IFNAMSIZ - 1: the kernel's longest interface name, in bytes.</summary>
    public const int MaxDeviceLength = 15;

    /// <summary>An nft identifier part from a link, rule or policy name ([A-Za-z0-9_-]; <c>-</c> becomes <c>_</c>).</summary>
    public static string Id(string name)
    {
        var id = name.Replace('-', '_');
        if (!IsId(name))
        {
            throw Refused("name", name, "an nft identifier takes 1-64 of A-Z a-z 0-9 _ -");
        }

        return id;
    }

    /// <summary>Whether <see cref="Id"/> can write <paramref name="name"/> (else it refuses it).</summary>
    public static bool IsId(string name) =>
        name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>A 32-bit mark or mask as nft prints it: <c>0x0000ff00</c>.</summary>
    public static string Hex(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary><c>meta mark set meta mark &amp; ~MASK | VALUE</c> (or <c>ct mark</c>): only the mask's bits change.</summary>
    public static string SetMasked(string key, uint mark, uint mask) => $"{key} set {key} & {Hex(~mask)} | {Hex(mark)}";

    /// <summary>
    /// A device name as an nft string, <c>"eth0"</c>. Refused unless it is a name the kernel could have (1-15 bytes,
    /// not <c>.</c> or <c>..</c>, no <c>/</c>) made of printable ASCII without <c>"</c> (nft strings have no escape
    /// for it), <c>\</c> or <c>*</c> (nft's wildcard: <c>"*"</c> matches every interface).
    /// </summary>
    public static string Quote(string device)
    {
        if (device.Length == 0 || device.Length > MaxDeviceLength || device is "." or ".."
            || !device.All(c => c is > ' ' and < '\x7f' and not ('"' or '\\' or '*' or '/')))
        {
            throw Refused("device", device, $"an interface name is 1-{MaxDeviceLength} printable ASCII characters without space, \", \\, * or /");
        }

        return $"\"{device}\"";
    }

    /// <summary>An IPv4 address, written as .NET formats it after parsing (so nothing else can ride along).</summary>
    public static string Address(string address) =>
        Ipv4(address) ?? throw Refused("address", address, "expected an IPv4 address");

    /// <summary>An IPv4 address or prefix (<c>10.0.0.0/8</c>), rewritten from its parsed parts.</summary>
    public static string Prefix(string prefix)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return Address(prefix);
        }

        var bits = prefix[(slash + 1)..];
        return Ipv4(prefix[..slash]) is { } address && bits.Length is > 0 and <= 2 && bits.All(char.IsAsciiDigit)
            && int.Parse(bits, CultureInfo.InvariantCulture) <= 32
            ? $"{address}/{int.Parse(bits, CultureInfo.InvariantCulture)}"
            : throw Refused("prefix", prefix, "expected an IPv4 address or prefix such as 10.0.0.0/8");
    }

    /// <summary>An IPv6 address or prefix (<c>2001:db8::/32</c>), rewritten from its parsed parts (no zone index).</summary>
    public static string Prefix6(string prefix)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        var bits = slash < 0 ? "" : prefix[(slash + 1)..];
        var text = slash < 0 ? prefix : prefix[..slash];
        return Ipv6(text) is { } address && (slash < 0 || (bits.Length is > 0 and <= 3 && bits.All(char.IsAsciiDigit) && int.Parse(bits, CultureInfo.InvariantCulture) <= 128))
            ? slash < 0 ? address : $"{address}/{int.Parse(bits, CultureInfo.InvariantCulture)}"
            : throw Refused("prefix", prefix, "expected an IPv6 address or prefix such as 2001:db8::/32");
    }

    /// <summary>An IPv6 address, written as .NET formats it after parsing.</summary>
    public static string Address6(string address) =>
        Ipv6(address) ?? throw Refused("address", address, "expected an IPv6 address");

    /// <summary>A port or port range (<c>25</c>, <c>1024-2048</c>), rewritten from its parsed numbers.</summary>
    public static string Port(string port)
    {
        var dash = port.IndexOf('-', StringComparison.Ordinal);
        var (from, to) = dash < 0 ? (PortNumber(port), PortNumber(port)) : (PortNumber(port[..dash]), PortNumber(port[(dash + 1)..]));
        return from is { } low && to is { } high && low <= high
            ? low == high ? $"{low}" : $"{low}-{high}"
            : throw Refused("port", port, "expected a port 0-65535 or a range such as 1024-2048");
    }

    /// <summary>A whole comment line (<c># ...</c>): any control character is shown escaped, so it stays one line.</summary>
    public static string Comment(string text) => "# " + Multiwan.Text.SafeText.Escape(text);

    /// <summary>One value as is, several as an anonymous set <c>{ a, b }</c>.</summary>
    public static string SetOf(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? list[0] : "{ " + string.Join(", ", list) + " }";
    }

    /// <summary>A duration in nft's notation: <c>30m</c>, <c>1h30m</c>, <c>45s</c>, <c>1d</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var text = new StringBuilder();
        Append(text, span.Days, "d");
        Append(text, span.Hours, "h");
        Append(text, span.Minutes, "m");
        Append(text, span.Seconds, "s");
        Append(text, span.Milliseconds, "ms");
        return text.Length == 0 ? "1s" : text.ToString();
    }

    private static string? Ipv4(string text) =>
        text.Length is > 0 and <= 15 && text.All(c => char.IsAsciiDigit(c) || c == '.') && text.Count(c => c == '.') == 3
            && global::System.Net.IPAddress.TryParse(text, out var address)
            && address.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetwork
            ? address.ToString()
            : null;

    private static string? Ipv6(string text) =>
        text.Length is > 1 and <= 45 && text.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.') && text.Contains(':', StringComparison.Ordinal)
            && global::System.Net.IPAddress.TryParse(text, out var address)
            && address.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6
            ? address.ToString()
            : null;

    private static int? PortNumber(string text) =>
        text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit) && int.Parse(text, CultureInfo.InvariantCulture) is var n and <= 65535 ? n : null;

    /// <summary>A rule prefix of a family the script does not decide (IPv6 without an IPv6 link, or both families in one rule).</summary>
    public static NftValueException RefusedFamily(string prefix, string why) => Refused("prefix", prefix, why);

    private static NftValueException Refused(string what, string value, string rule) =>
        new($"{what} \"{Multiwan.Text.SafeText.Show(value)}\" cannot be written into the nft script: {rule}");

    private static void Append(StringBuilder text, int value, string unit)
    {
        if (value > 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
