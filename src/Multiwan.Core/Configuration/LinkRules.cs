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

            if (link.Gateway != "auto" && !NetSyntax.IsIpv4(link.Gateway))
            {
                d.Error($"{path}.gateway", "must be auto or an IPv4 address", link.Gateway);
            }

            if (link.Source is { } source && !NetSyntax.IsIpv4(source))
            {
                d.Error($"{path}.source", "must be an IPv4 address", source);
            }

            if (link.Weight is < 1 or > 1000)
            {
                d.Error($"{path}.weight", "must be between 1 and 1000", link.Weight);
            }

            if (link.Tier < 1)
            {
                d.Error($"{path}.tier", "must be 1 or more (1 is the best tier)", link.Tier);
            }

            CheckTargets(link, path, d);
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
        else if (!NetSyntax.IsName(name))
        {
            d.Error(path, NetSyntax.NameRule, name);
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

    private static void CheckTargets(LinkConfig link, string path, DiagnosticBag d)
    {
        var targets = link.Targets;
        if (targets.Count == 0)
        {
            d.Error($"{path}.targets", "needs at least one probe target (an IPv4 address)", "none");
        }
        else if (targets.Count == 1)
        {
            d.Warning($"{path}.targets", "only one target: its loss cannot be told from the link's; add a second one", targets[0].Address);
        }

        for (var j = 0; j < targets.Count; j++)
        {
            var target = targets[j];
            var targetPath = $"{path}.targets[{j}]";
            if (!NetSyntax.IsIpv4(target.Address))
            {
                d.Error($"{targetPath}.address", "must be an IPv4 address", target.Address);
            }
            else if (targets.Take(j).Any(t => t.Address == target.Address && t.Method == target.Method && t.Port == target.Port))
            {
                d.Error($"{targetPath}.address", "duplicate target", target.Address);
            }

            if (target.Port is { } port && port is < 1 or > 65535)
            {
                d.Error($"{targetPath}.port", "must be between 1 and 65535", port);
            }

            if (!IsStatusRange(target.ExpectStatus))
            {
                d.Error($"{targetPath}.expect_status", "must be an HTTP status or range such as 200-399", target.ExpectStatus);
            }

            if (target.ExpectRcode is { } rcode && !DnsRcode.TryParse(rcode, out _))
            {
                d.Error($"{targetPath}.expect_rcode", DnsRcode.Expected, rcode);
            }
        }

        if (targets.Count > 0 && targets.All(t => (t.Method ?? link.Method) == ProbeMethod.Arp))
        {
            d.Error($"{path}.method", "arp is a secondary signal and cannot be a link's only method", "arp");
        }

        if (link.Health.MinTargets.Percent is null && link.Health.MinTargets.Count > targets.Count && targets.Count > 0)
        {
            d.Error($"{path}.health.min_targets", $"is more than the link's {targets.Count} target(s)", link.Health.MinTargets);
        }
    }

    private static bool IsStatusRange(string text)
    {
        var parts = text.Split('-');
        var codes = parts.Select(p => int.TryParse(p, out var c) && c is >= 100 and <= 599 ? c : -1).ToList();
        return parts.Length is 1 or 2 && codes.All(c => c > 0) && codes[0] <= codes[^1];
    }
}
