namespace Multiwan.Configuration;

/// <summary>
/// Rules for IPv6: each link's <c>ipv6:</c> (gateway, source, targets, prefix) and the LAN side (<c>ipv6.lan_mode</c>,
/// <c>ipv6.lan_prefix</c>), which must be chosen explicitly as soon as one link has IPv6.
/// </summary>
internal static class Ipv6Rules
{
    private const string PrefixRule = "must be an IPv6 prefix of at most /64 with no host bits, such as 2001:db8:1::/64";

    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        var mode = config.Ipv6.LanMode;
        var dualStack = config.Links.Any(l => l.Ipv6 is not null);
        if (dualStack && mode is null)
        {
            d.Error("ipv6.lan_mode", "needed when a link has ipv6: choose npt, masquerade or route (docs/CONFIG.md, IPv6)", "nothing");
        }
        else if (!dualStack && mode is not null)
        {
            d.Warning("ipv6.lan_mode", "does nothing: no link has ipv6", mode);
        }

        var lanPrefix = CheckLanPrefix(config.Ipv6, d);
        var routed = new List<(string Path, System.Net.IPAddress Address, int Length)>();
        for (var i = 0; i < config.Links.Count; i++)
        {
            if (config.Links[i].Ipv6 is not { } ipv6)
            {
                continue;
            }

            var path = $"links[{i}].ipv6";
            CheckLink(config.Links[i], ipv6, path, d);
            if (CheckPrefix(ipv6, mode, lanPrefix, path, d) is { } prefix)
            {
                if (mode == Ipv6LanMode.Route && routed.FirstOrDefault(r => Ipv6Syntax.Overlap(r.Address, r.Length, prefix.Address, prefix.Length)) is { Path: not null } other)
                {
                    d.Error($"{path}.prefix", $"overlaps {other.Path}.prefix: each WAN routes a prefix of its own", ipv6.Prefix);
                }

                routed.Add(($"{path}", prefix.Address, prefix.Length));
            }
        }
    }

    private static void CheckLink(LinkConfig link, LinkIpv6Config ipv6, string path, DiagnosticBag d)
    {
        if (!string.Equals(ipv6.Gateway, "auto", StringComparison.Ordinal))
        {
            if (Ipv6Syntax.Parse(ipv6.Gateway) is not { } gateway)
            {
                d.Error($"{path}.gateway", "must be auto or an IPv6 address (a link-local fe80:: next hop is used with the link's device)", ipv6.Gateway);
            }
            else if (!Ipv6Syntax.IsUnicast(gateway))
            {
                d.Error($"{path}.gateway", Ipv6Syntax.UnicastRule, ipv6.Gateway);
            }
        }

        if (ipv6.Source is { } source)
        {
            if (Ipv6Syntax.Parse(source) is not { } address)
            {
                d.Error($"{path}.source", "must be an IPv6 address", source);
            }
            else if (!Ipv6Syntax.IsGlobalUnicast(address))
            {
                d.Error($"{path}.source", Ipv6Syntax.GlobalRule, source);
            }
        }

        TargetRules.CheckIpv6(link, ipv6, path, d);
    }

    private static (System.Net.IPAddress Address, int Length)? CheckLanPrefix(Ipv6Config ipv6, DiagnosticBag d)
    {
        if (ipv6.LanPrefix is not { } text)
        {
            if (ipv6.LanMode == Ipv6LanMode.Npt)
            {
                d.Error("ipv6.lan_prefix", "npt needs the LAN's own prefix (a ULA such as fd00:1::/64)", "nothing");
            }

            return null;
        }

        if (ipv6.LanMode is not (null or Ipv6LanMode.Npt))
        {
            d.Warning("ipv6.lan_prefix", $"does nothing with lan_mode {SnakeCase.From(ipv6.LanMode.ToString()!)}", text);
        }

        return ParsePrefix(text, "ipv6.lan_prefix", d);
    }

    private static (System.Net.IPAddress Address, int Length)? CheckPrefix(
        LinkIpv6Config ipv6, Ipv6LanMode? mode, (System.Net.IPAddress Address, int Length)? lanPrefix, string path, DiagnosticBag d)
    {
        if (ipv6.Prefix is not { } text)
        {
            if (mode is Ipv6LanMode.Npt or Ipv6LanMode.Route)
            {
                var what = mode == Ipv6LanMode.Npt ? "the prefix this WAN translates the LAN prefix to" : "the LAN prefix that leaves by this WAN";
                d.Error($"{path}.prefix", $"lan_mode {SnakeCase.From(mode.ToString()!)} needs {what}", "nothing");
            }

            return null;
        }

        if (mode == Ipv6LanMode.Masquerade)
        {
            d.Warning($"{path}.prefix", "does nothing with lan_mode masquerade", text);
        }

        var prefix = ParsePrefix(text, $"{path}.prefix", d);
        if (prefix is { } p && Ipv6Syntax.IsUniqueLocal(p.Address))
        {
            d.Error($"{path}.prefix", "is a unique local (fc00::/7) prefix, which no ISP routes; give the WAN's global prefix", text);
        }
        else if (mode == Ipv6LanMode.Npt && prefix is { } wan && lanPrefix is { } lan && wan.Length != lan.Length)
        {
            d.Error($"{path}.prefix", $"must be as long as ipv6.lan_prefix (/{lan.Length}): the translation keeps the host part", text);
        }

        return prefix;
    }

    private static (System.Net.IPAddress Address, int Length)? ParsePrefix(string text, string path, DiagnosticBag d)
    {
        if (!text.Contains('/', StringComparison.Ordinal) || !Ipv6Syntax.TryPrefix(text, out var address, out var length)
            || length is 0 or > 64 || !Ipv6Syntax.IsNetwork(address, length) || !Ipv6Syntax.IsGlobalUnicast(address))
        {
            d.Error(path, PrefixRule, text);
            return null;
        }

        return (address, length);
    }
}
