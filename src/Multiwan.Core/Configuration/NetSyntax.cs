using System.Globalization;
using System.Text.RegularExpressions;

namespace Multiwan.Configuration;

/// <summary>Syntax checks for the network words a config contains: addresses, CIDRs, device names, ports, names.</summary>
internal static partial class NetSyntax
{
    public const string NameRule = "must be 1-15 characters of a-z, 0-9, _ and -";

    [GeneratedRegex("^[a-z0-9_-]{1,15}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]{0,2})$")]
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

    /// <summary>A kernel device name (≤ 15 characters; no space, <c>/</c> or <c>:</c>), or an alias <c>eth0:1</c> of one.</summary>
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
            && device.All(c => c > ' ' && c < 127 && c is not '/' and not ':');
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
}
