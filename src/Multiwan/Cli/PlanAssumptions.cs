using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// The link states and interface facts <c>multiwan plan</c> assumes: every link up unless <c>--assume LINK=STATE</c>,
/// facts only from <c>--fact LINK.address=A/N</c> and <c>--fact LINK.gateway=G|none</c>. Bad input is one message.
/// </summary>
internal sealed record PlanAssumptions(Dictionary<string, LinkState> States, Dictionary<string, LinkFacts> Facts)
{
    /// <summary>The IPv6 states: <c>--assume LINK=STATE</c> sets both families, <c>LINK.ipv4=STATE</c> or <c>LINK.ipv6=STATE</c> one.</summary>
    public Dictionary<string, LinkState> States6 { get; init; } = [];

    private static readonly Dictionary<string, LinkState> StateWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["up"] = LinkState.Online,
        ["down"] = LinkState.Offline,
        ["online"] = LinkState.Online,
        ["offline"] = LinkState.Offline,
        ["degraded"] = LinkState.Degraded,
        ["connecting"] = LinkState.Connecting,
        ["disconnecting"] = LinkState.Disconnecting,
        ["disabled"] = LinkState.Disabled,
    };

    /// <summary>The assumptions, or null with <paramref name="error"/> set to one line naming the bad argument.</summary>
    /// <param name="live">The states to start from (a running daemon's, for <c>explain</c>); every link up when null or missing.</param>
    /// <param name="live6">The same for IPv6.</param>
    public static PlanAssumptions? Parse(
        MultiwanConfig config, IEnumerable<string> assume, IEnumerable<string> facts, out string error,
        IReadOnlyDictionary<string, LinkState>? live = null, IReadOnlyDictionary<string, LinkState>? live6 = null)
    {
        error = "";
        static LinkState From(IReadOnlyDictionary<string, LinkState>? known, string link) => known is not null && known.TryGetValue(link, out var state) ? state : LinkState.Online;
        var states = config.Links.ToDictionary(l => l.Name, l => From(live, l.Name));
        var states6 = config.Links.ToDictionary(l => l.Name, l => From(live6, l.Name));
        foreach (var item in assume)
        {
            var (key, value) = Split(item, '=');
            var (name, family) = key.Contains('.', StringComparison.Ordinal) ? Split(key, '.') : (key, "");
            var link = Find(config, name);
            if (link is null || !StateWords.TryGetValue(value, out var state) || family.ToLowerInvariant() is not ("" or "ipv4" or "ipv6"))
            {
                error = link is null
                    ? $"--assume {item}: unknown link '{name}'; links are: {LinkNames(config)}"
                    : family.ToLowerInvariant() is not ("" or "ipv4" or "ipv6")
                        ? $"--assume {item}: unknown family '{family}'; use LINK=STATE, LINK.ipv4=STATE or LINK.ipv6=STATE"
                        : $"--assume {item}: unknown state '{value}'; use up, down, degraded, connecting, disconnecting or disabled";
                return null;
            }

            if (family.ToLowerInvariant() != "ipv6")
            {
                states[link.Name] = state;
            }

            if (family.ToLowerInvariant() != "ipv4")
            {
                states6[link.Name] = state;
            }
        }

        var known = new Dictionary<string, LinkFacts>();
        foreach (var item in facts)
        {
            if (!AddFact(config, known, item, out error))
            {
                return null;
            }
        }

        return new PlanAssumptions(states, known) { States6 = states6 };
    }

    private static bool AddFact(MultiwanConfig config, Dictionary<string, LinkFacts> facts, string item, out string error)
    {
        error = "";
        var (key, value) = Split(item, '=');
        var (name, fact) = Split(key, '.');
        var link = Find(config, name);
        if (link is null)
        {
            error = $"--fact {item}: unknown link '{name}'; links are: {LinkNames(config)}";
            return false;
        }

        var device = LinkResolver.DeviceOf(link.Interface);
        var current = facts.GetValueOrDefault(link.Name) ?? new LinkFacts { Device = device, PointToPoint = LinkResolver.LooksPointToPoint(device) };
        switch (fact.ToLowerInvariant())
        {
            case "address" when ParseAddress(value) is { } parsed:
                facts[link.Name] = current with { Address = parsed.Address, PrefixLength = parsed.Prefix };
                return true;
            case "gateway" when value.Equals("none", StringComparison.OrdinalIgnoreCase):
                facts[link.Name] = current with { Gateway = null, PointToPoint = true };
                return true;
            case "gateway" when ParseIPv4(value) is { } gateway:
                facts[link.Name] = current with { Gateway = gateway, PointToPoint = false };
                return true;
            case "ipv6.address" when link.Ipv6 is not null && ParseIpv6(value) is { } parsed6:
                facts[link.Name] = current with { Ipv6 = (current.Ipv6 ?? new Ipv6Facts()) with { Address = parsed6.Address, PrefixLength = parsed6.Prefix } };
                return true;
            case "ipv6.gateway" when link.Ipv6 is not null && value.Equals("none", StringComparison.OrdinalIgnoreCase):
                facts[link.Name] = current with { PointToPoint = true, Ipv6 = (current.Ipv6 ?? new Ipv6Facts()) with { Gateway = null } };
                return true;
            case "ipv6.gateway" when link.Ipv6 is not null && ParseIpv6(value) is { Prefix: 128 } gateway6:
                facts[link.Name] = current with { Ipv6 = (current.Ipv6 ?? new Ipv6Facts()) with { Gateway = gateway6.Address } };
                return true;
            default:
                error = link.Ipv6 is null
                    ? $"--fact {item}: expected LINK.address=A.B.C.D/N or LINK.gateway=A.B.C.D|none"
                    : $"--fact {item}: expected LINK.address=A.B.C.D/N, LINK.gateway=A.B.C.D|none, LINK.ipv6.address=ADDRESS/N or LINK.ipv6.gateway=ADDRESS|none";
                return false;
        }
    }

    /// <summary><c>10.0.0.2/24</c> or <c>10.0.0.2</c> (a /32); IPv4 only.</summary>
    private static (IPAddress Address, int Prefix)? ParseAddress(string value)
    {
        var (text, prefixText) = value.Contains('/', StringComparison.Ordinal) ? Split(value, '/') : (value, "32");
        return ParseIPv4(text) is { } address
            && int.TryParse(prefixText, global::System.Globalization.CultureInfo.InvariantCulture, out var prefix)
            && prefix is >= 0 and <= 32
            ? (address, prefix)
            : null;
    }

    /// <summary><c>2001:db8::2/64</c> or <c>fe80::1</c> (a /128).</summary>
    private static (IPAddress Address, int Prefix)? ParseIpv6(string value) =>
        Ipv6Syntax.TryPrefix(value, out var address, out var prefix) ? (address, prefix) : null;

    /// <summary>Dotted quad only (<c>IPAddress.Parse</c> would also take <c>1.2.3</c> as 1.2.0.3).</summary>
    private static IPAddress? ParseIPv4(string text) =>
        text.Split('.').Length == 4 && text.All(c => char.IsAsciiDigit(c) || c == '.') && IPAddress.TryParse(text, out var address) ? address : null;

    private static LinkConfig? Find(MultiwanConfig config, string name) =>
        LinkNameMatch.Find(config.Links.Select(l => l.Name), name, out _) is { } match ? config.Links.First(l => l.Name == match) : null;

    private static string LinkNames(MultiwanConfig config) => string.Join(", ", config.Links.Select(l => l.Name));

    private static (string Left, string Right) Split(string text, char separator)
    {
        var at = text.IndexOf(separator, StringComparison.Ordinal);
        return at < 0 ? (text, "") : (text[..at].Trim(), text[(at + 1)..].Trim());
    }
}
