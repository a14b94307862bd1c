namespace Multiwan.Configuration;

/// <summary>
/// Rules for IPv6-only links (<c>ipv4: false</c>): such a link needs its <c>ipv6:</c> block and has no IPv4 side
/// (targets, gateway, source, nat); every link may be IPv6 only (then multiwan decides no IPv4 at all); a rule that decides IPv4 connections needs a
/// link that carries IPv4 among those it uses.
/// </summary>
internal static class Ipv6OnlyRules
{
    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        for (var i = 0; i < config.Links.Count; i++)
        {
            if (config.Links[i] is { Ipv4: false } link)
            {
                CheckLink(link, $"links[{i}]", d);
            }
        }

        for (var i = 0; i < config.Rules.Count; i++)
        {
            var rule = config.Rules[i];
            var used = LinksOf(config, rule.Use);
            if (used.Count == 0 || used.Any(l => l.Ipv4))
            {
                continue;
            }

            var names = string.Join(", ", used.Select(l => l.Name));
            if (RuleFamilies.Of(rule) == RuleFamily.Ipv4)
            {
                d.Error($"rules[{i}].use", $"matches IPv4 prefixes but uses only IPv6-only links ({names}, ipv4: false): it could never send a connection", rule.Use);
            }
            else if (RuleFamilies.Of(rule) == RuleFamily.Both)
            {
                d.Warning($"rules[{i}].use", $"decides IPv6 connections only: {names} is IPv6 only (ipv4: false)", rule.Use);
            }
        }
    }

    private static void CheckLink(LinkConfig link, string path, DiagnosticBag d)
    {
        if (link.Ipv6 is null)
        {
            d.Error($"{path}.ipv4", "false makes the link IPv6 only: it needs an ipv6: block with its targets", "false");
        }

        if (link.Targets.Count > 0)
        {
            d.Error($"{path}.targets", "an IPv6-only link (ipv4: false) has no IPv4 targets; its probe targets go under ipv6.targets", link.Targets[0].Address);
        }

        if (!string.Equals(link.Gateway, "auto", StringComparison.Ordinal))
        {
            d.Error($"{path}.gateway", "an IPv6-only link (ipv4: false) has no IPv4 gateway; the IPv6 one goes under ipv6.gateway", link.Gateway);
        }

        if (link.Source is { } source)
        {
            d.Error($"{path}.source", "an IPv6-only link (ipv4: false) has no IPv4 source; the IPv6 one goes under ipv6.source", source);
        }

        if (link.Nat != NatMode.Masquerade)
        {
            d.Warning($"{path}.nat", "does nothing on an IPv6-only link (ipv4: false): its IPv6 NAT follows ipv6.lan_mode", SnakeCase.From(link.Nat.ToString()));
        }
    }

    /// <summary>The links a rule's <c>use</c> names: one link, a policy's links (none listed: every link), or every link for <c>default</c>; none when unknown.</summary>
    private static List<LinkConfig> LinksOf(MultiwanConfig config, string use)
    {
        if (config.Links.FirstOrDefault(l => l.Name == use) is { } link)
        {
            return [link];
        }

        if (config.Policies.FirstOrDefault(p => p.Name == use) is { } policy)
        {
            return policy.Links.Count == 0 ? [.. config.Links] : [.. config.Links.Where(l => policy.Links.Contains(l.Name, StringComparer.Ordinal))];
        }

        return use == PolicyRules.DefaultPolicy ? [.. config.Links] : [];
    }
}
