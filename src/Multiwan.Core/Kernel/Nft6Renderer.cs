using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>
/// The IPv6 parts of <c>table inet multiwan</c> (only when a link has <c>ipv6:</c>; docs/PLAN.md): <c>decide6</c>
/// (skip local, multicast, link-local and connected destinations; restore; in <c>route</c> mode pin each LAN
/// prefix to its own WAN; rules; <c>policy6_default</c>), the LAN side per <c>ipv6.lan_mode</c> in postrouting
/// (<c>snat ip6 prefix to</c> for npt, <c>masquerade</c>) and <c>dstnat6</c> (npt's way back for new inbound
/// connections), and <c>ula_guard</c>, which drops any packet leaving a WAN with a unique local source.
/// </summary>
internal static class Nft6Renderer
{
    /// <summary>After source NAT (srcnat is 100): it sees the address the packet really leaves with.</summary>
    private const int GuardPriority = 300;

    public static NftChain Decide(NftModel model, NftDecisionView view)
    {
        var rules = new List<string>
        {
            "fib daddr type { local, multicast } return",
            "ip6 daddr fe80::/10 return",
        };
        rules.AddRange(view.Connected.Select(r => NftSyntax.Prefix6(r.Prefix)).Distinct().Select(prefix => $"ip6 daddr {prefix} return"));
        if (model.Config.Ipv6.LanMode != Ipv6LanMode.Route)
        {
            return NftDecisionRenderer.Decision(model, view, rules);
        }

        // route: a LAN prefix belongs to its WAN (the other ISPs drop foreign sources); while that WAN is down for
        // IPv6 its new connections are refused with "reject route", so hosts try another source address (RFC 6724 5.5).
        if (view.KeptLinks.Count > 0)
        {
            var entries = view.KeptLinks.Select(l => $"{NftSyntax.Hex(l.Mark)} : goto restore_{l.Id}");
            rules.Add($"ct mark & {NftSyntax.Hex(model.Mask)} vmap {{ {string.Join(", ", entries)} }}");
        }

        foreach (var link in model.Ipv6Links.Where(l => l.Ipv6!.Prefix is not null))
        {
            rules.Add(Policy.PolicyEngine.KeepsConnections(link.Ipv6!.State)
                ? $"ip6 saddr {NftSyntax.Prefix6(link.Ipv6!.Prefix!)} goto {NftRenderer.MarkChainName(link)}"
                : $"ip6 saddr {NftSyntax.Prefix6(link.Ipv6!.Prefix!)} reject with icmpv6 type reject-route");
        }

        return NftDecisionRenderer.Ruled(model, view, rules);
    }

    /// <summary>The IPv6 lines of the postrouting (srcnat) chain, per link with IPv6, by LAN mode.</summary>
    public static IEnumerable<string> Postrouting(NftModel model)
    {
        var mode = model.Config.Ipv6.LanMode;
        foreach (var link in model.Ipv6Links)
        {
            var device = NftSyntax.Quote(link.Device);
            switch (mode)
            {
                case Ipv6LanMode.Masquerade:
                    yield return $"meta nfproto ipv6 oifname {device} masquerade";
                    break;
                case Ipv6LanMode.Npt when link.Ipv6!.Prefix is { } prefix && model.Config.Ipv6.LanPrefix is { } lan:
                    yield return $"oifname {device} ip6 saddr {NftSyntax.Prefix6(lan)} snat ip6 prefix to {NftSyntax.Prefix6(prefix)}";
                    break;
                default:
                    yield return NftSyntax.Comment($"{link.Name}: IPv6 {mode?.ToString().ToLowerInvariant()}, no translation");
                    break;
            }

            if (mode != Ipv6LanMode.Masquerade && OtherSources(model, link) is { Count: > 0 } others)
            {
                // The router's own connection that the balancing sent out of another WAN than its source address's:
                // that ISP would drop the foreign source (BCP38), so it takes this WAN's address.
                yield return $"oifname {device} ip6 saddr {NftSyntax.SetOf(others)} masquerade";
            }
        }
    }

    private static List<string> OtherSources(NftModel model, ResolvedLink link) =>
        [.. model.Ipv6Links.Where(l => l.Device != link.Device && l.Ipv6!.AddressKnown).Select(l => NftSyntax.Address6(l.Ipv6!.Address)).Distinct()];

    /// <summary>npt: new connections from a WAN to its prefix reach the LAN host with the same host part.</summary>
    public static NftChain? Dstnat(NftModel model)
    {
        if (model.Config.Ipv6.LanMode != Ipv6LanMode.Npt || model.Config.Ipv6.LanPrefix is not { } lan)
        {
            return null;
        }

        var rules = model.Ipv6Links
            .Where(l => l.Ipv6!.Prefix is not null)
            .Select(l => $"iifname {NftSyntax.Quote(l.Device)} ip6 daddr {NftSyntax.Prefix6(l.Ipv6!.Prefix!)} dnat ip6 prefix to {NftSyntax.Prefix6(lan)}")
            .ToList();
        return new NftChain("dstnat6", rules, "type nat hook prerouting priority dstnat");
    }

    /// <summary>No packet leaves a WAN with a unique local (fc00::/7) source, in any mode, whatever failed.</summary>
    public static NftChain Guard(NftModel model)
    {
        var wans = model.Links.Select(l => l.Device).Distinct().Select(NftSyntax.Quote).ToList();
        return new NftChain(
            "ula_guard",
            [$"oifname {NftSyntax.SetOf(wans)} ip6 saddr fc00::/7 drop"],
            $"type filter hook postrouting priority {GuardPriority}");
    }
}
