using System.Globalization;
using System.Text.RegularExpressions;

namespace Multiwan.Configuration;

/// <summary>
/// Syntax checks for the network words a config contains: addresses, CIDRs, device names, ports, names, host and
/// DNS names, mailboxes. Patterns end in <c>\z</c>, not <c>$</c> (which lets a trailing newline through).
/// </summary>
internal static partial class NetSyntax
{
    /// <summary>One DNS label: letters, digits, <c>-</c> (not first or last), <c>_</c> allowed for service names.</summary>
    [GeneratedRegex(@"^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)\z")]
    private static partial Regex DnsLabel();

    /// <summary>The local part of a mailbox: RFC 5321's dot-atom, without the characters a shell or header treats specially.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9!#%+=?^_{}~-]+(\.[A-Za-z0-9!#%+=?^_{}~-]+)*\z")]
    private static partial Regex LocalPart();

    public const string NameRule = "must be 1-15 characters of A-Z, a-z, 0-9, _ and -";

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,15}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\z")]
    private static partial Regex Ipv4Pattern();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex AliasLabel();

    public static bool IsName(string name) => NamePattern().IsMatch(name);

    public static bool IsIpv4(string text)
    {
        var match = Ipv4Pattern().Match(text);
        return match.Success && Enumerable.Range(1, 4).All(g => int.Parse(match.Groups[g].Value, CultureInfo.InvariantCulture) <= 255);
    }

    /// <summary><c>192.0.2.0/24</c> or a single address.</summary>
    public static bool IsCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IsIpv4(text);
        }

        var prefix = text[(slash + 1)..];
        return IsIpv4(text[..slash]) && prefix.Length is > 0 and <= 2 && prefix.All(char.IsAsciiDigit)
            && int.Parse(prefix, CultureInfo.InvariantCulture) <= 32;
    }

    /// <summary>
    /// A kernel device name (the kernel's rules: 1–15 bytes, not <c>.</c> or <c>..</c>, no whitespace, <c>/</c> or <c>:</c>;
    /// printable ASCII only, and no nft wildcard <c>*</c> or quote), or an alias <c>eth0:1</c> of one.
    /// </summary>
    public static bool IsInterface(string text)
    {
        if (text.Length is 0 or > 15)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var device = colon < 0 ? text : text[..colon];
        if (colon >= 0 && !AliasLabel().IsMatch(text[(colon + 1)..]))
        {
            return false;
        }

        return device.Length > 0 && device is not "." and not ".."
            && device.All(c => c > ' ' && c < 127 && c is not ('/' or ':' or '*' or '"' or '\'' or '\\'));
    }

    /// <summary><c>25</c> or <c>1024-2048</c>, ports 1–65535, low end first.</summary>
    public static bool IsPortSpec(string text)
    {
        var parts = text.Split('-');
        if (parts.Length > 2 || !parts.All(p => TryPort(p, out _)))
        {
            return false;
        }

        return parts.Length == 1 || (TryPort(parts[0], out var low) && TryPort(parts[1], out var high) && low <= high);
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 1 and <= 65535;

    public static bool IsAbsoluteHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0;

    /// <summary>
    /// An IPv4 address a packet can be sent to as one host: not 0.0.0.0/8 ("this network"), 127.0.0.0/8 (loopback),
    /// 224.0.0.0/4 (multicast), 240.0.0.0/4 (reserved) or the limited broadcast 255.255.255.255.
    /// </summary>
    public static bool IsUnicastHost(string text)
    {
        if (!IsIpv4(text))
        {
            return false;
        }

        var first = int.Parse(text.AsSpan(0, text.IndexOf('.', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
        return first is not (0 or 127) and < 224;
    }

    public const string UnicastRule = "must be a unicast host address (not 0.0.0.0/8, 127.0.0.0/8, multicast, reserved or broadcast)";

    /// <summary>A DNS name of letters, digits, <c>-</c> and <c>_</c> labels, at most 253 characters; a final dot is allowed.</summary>
    public static bool IsDnsName(string text)
    {
        var name = text.EndsWith('.') ? text[..^1] : text;
        return name.Length is > 0 and <= 253 && name.Split('.').All(label => DnsLabel().IsMatch(label));
    }

    /// <summary>A host: an IPv4 address or a DNS name.</summary>
    public static bool IsHost(string text) => IsIpv4(text) || IsDnsName(text);

    /// <summary><c>local@domain</c> with a plain dot-atom local part and a host domain, at most 254 characters.</summary>
    public static bool IsMailbox(string text)
    {
        var at = text.LastIndexOf('@');
        return text.Length <= 254 && at > 0 && LocalPart().IsMatch(text[..at]) && IsHost(text[(at + 1)..]);
    }
}
