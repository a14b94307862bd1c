namespace Multiwan.Configuration;

/// <summary>Rules for <c>links:</c> and <c>lan:</c>.</summary>
internal static class LinkRules
{
    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        if (config.Links.Count == 0)
        {
            d.Error("links", "at least one link is needed", "none");
        }
        else if (config.Links.All(l => l.Backup))
        {
            d.Error("links", "every link is a backup; at least one link must not be", $"{config.Links.Count} backup links");
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        var interfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Links.Count; i++)
        {
            var link = config.Links[i];
            var path = $"links[{i}]";
            CheckName(link.Name, $"{path}.name", names, "link", d);
            CheckInterface(link.Interface, $"{path}.interface", d);
            if (link.Interface.Length > 0 && !interfaces.TryAdd(link.Interface, link.Name))
            {
                d.Error($"{path}.interface", $"already the interface of link {interfaces[link.Interface]}", link.Interface);
            }

            if (link.Gateway != "auto" && Ipv6Syntax.IsAddress(link.Gateway))
            {
                d.Error($"{path}.gateway", "is an IPv6 address: the IPv6 gateway goes under the link's ipv6.gateway", link.Gateway);
            }
            else if (link.Gateway != "auto" && !NetSyntax.IsIpv4(link.Gateway))
            {
                d.Error($"{path}.gateway", "must be auto or an IPv4 address", link.Gateway);
            }
            else if (link.Gateway != "auto" && !NetSyntax.IsUnicastHost(link.Gateway))
            {
                d.Error($"{path}.gateway", NetSyntax.UnicastRule, link.Gateway);
            }

            if (link.Source is { } v6 && Ipv6Syntax.IsAddress(v6))
            {
                d.Error($"{path}.source", "is an IPv6 address: the IPv6 source goes under the link's ipv6.source", v6);
            }
            else if (link.Source is { } source && !NetSyntax.IsIpv4(source))
            {
                d.Error($"{path}.source", "must be an IPv4 address", source);
            }
            else if (link.Source is { } host && !NetSyntax.IsUnicastHost(host))
            {
                d.Error($"{path}.source", NetSyntax.UnicastRule, host);
            }

            if (link.Weight is < 1 or > 1000)
            {
                d.Error($"{path}.weight", "must be between 1 and 1000", link.Weight);
            }

            if (link.Tier < 1)
            {
                d.Error($"{path}.tier", "must be 1 or more (1 is the best tier)", link.Tier);
            }
            else if (link.Tier > ConfigLimits.Count)
            {
                d.Error($"{path}.tier", $"must be at most {ConfigLimits.Count}", link.Tier);
            }

            if (link.Ipv4)
            {
                TargetRules.Check(link, path, d); // An IPv6-only link's targets are its ipv6.targets (Ipv6OnlyRules, Ipv6Rules).
            }
        }

        for (var j = 0; j < config.Lan.Count; j++)
        {
            var lan = config.Lan[j];
            CheckInterface(lan, $"lan[{j}]", d);
            if (interfaces.TryGetValue(lan, out var owner))
            {
                d.Error($"lan[{j}]", $"is also the interface of link {owner}", lan);
            }

            if (config.Lan.Take(j).Contains(lan, StringComparer.Ordinal))
            {
                d.Error($"lan[{j}]", "duplicate LAN interface", lan);
            }
        }
    }

    public static void CheckName(string name, string path, Dictionary<string, int> seen, string what, DiagnosticBag d)
    {
        if (name.Length == 0)
        {
            d.Error(path, $"every {what} needs a name", name);
        }
        else if (what == "link" && name.Equals(PolicyRules.DefaultPolicy, StringComparison.OrdinalIgnoreCase))
        {
            d.Error(path, "default is reserved (the policy of every link); choose another name", name);
        }
        else if (!NetSyntax.IsName(name))
        {
            d.Error(path, NetSyntax.NameRule, name);
        }
        else if (seen.Keys.FirstOrDefault(k => k != name && k.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            d.Error(path, $"differs from {what} {other} only by case; names are matched without regard to case, rename one", name);
        }
        else if (!seen.TryAdd(name, 1))
        {
            d.Error(path, $"duplicate {what} name", name);
        }
    }

    private static void CheckInterface(string name, string path, DiagnosticBag d)
    {
        if (name.Length == 0)
        {
            d.Error(path, "needs an interface, e.g. eth0", name);
        }
        else if (!NetSyntax.IsInterface(name))
        {
            d.Error(path, "not a valid interface name (at most 15 characters, no space, / or :, an alias such as eth0:1 is allowed)", name);
        }
    }
}
