namespace Multiwan.Configuration;

/// <summary>Rules for a link's <c>targets:</c>: unicast addresses, ports, HTTP and DNS settings, and settings its method ignores.</summary>
internal static class TargetRules
{
    private static readonly ProbeMethod[] WithPort = [ProbeMethod.Tcp, ProbeMethod.Http, ProbeMethod.Dns];

    public static void Check(LinkConfig link, string path, DiagnosticBag d)
    {
        var targets = link.Targets;
        if (targets.Count == 0)
        {
            d.Error($"{path}.targets", "needs at least one probe target (an IPv4 address)", "none");
        }
        else
        {
            CheckList(targets, link.Method, $"{path}.targets", ipv6: false, d);
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

    /// <summary>A link's <c>ipv6.targets</c>: IPv6 addresses, checked as the IPv4 ones are (arp there is neighbour reachability).</summary>
    public static void CheckIpv6(LinkConfig link, LinkIpv6Config ipv6, string path, DiagnosticBag d)
    {
        var method = ipv6.Method ?? link.Method;
        if (ipv6.Targets.Count == 0)
        {
            d.Error($"{path}.targets", "needs at least one IPv6 probe target (its IPv6 health is tracked apart from IPv4)", "none");
            return;
        }

        CheckList(ipv6.Targets, method, $"{path}.targets", ipv6: true, d);
        if (ipv6.Targets.All(t => (t.Method ?? method) == ProbeMethod.Arp))
        {
            d.Error($"{path}.method", "arp is a secondary signal and cannot be a link's only method", "arp");
        }
    }

    private static void CheckList(IReadOnlyList<TargetConfig> targets, ProbeMethod linkMethod, string listPath, bool ipv6, DiagnosticBag d)
    {
        if (targets.Count == 1)
        {
            d.Warning(listPath, "only one target: its loss cannot be told from the link's; add a second one", targets[0].Address);
        }

        for (var j = 0; j < targets.Count; j++)
        {
            var target = targets[j];
            var targetPath = SourceMap.Index(listPath, j);
            var valid = ipv6 ? ValidIpv6(target, linkMethod, targetPath, d) : ValidIpv4(target, linkMethod, targetPath, d);
            if (valid && targets.Take(j).Any(t => t.Address == target.Address && t.Method == target.Method && t.Port == target.Port))
            {
                d.Error($"{targetPath}.address", "duplicate target", target.Address);
            }

            if (target.Port is { } port && port is < 1 or > 65535)
            {
                d.Error($"{targetPath}.port", "must be between 1 and 65535", port);
            }

            CheckHttpAndDns(target, targetPath, d);
            CheckIgnored(target, target.Method ?? linkMethod, targetPath, d);
        }
    }

    /// <summary>An IPv4 target is an address or a host name (not for arp); false after reporting why not.</summary>
    private static bool ValidIpv4(TargetConfig target, ProbeMethod linkMethod, string path, DiagnosticBag d)
    {
        var error = target.Address switch
        {
            var a when Ipv6Syntax.IsAddress(a) => "is an IPv6 address: IPv6 targets go under the link's ipv6.targets",
            var a when !NetSyntax.IsIpv4(a) && a.All(c => char.IsAsciiDigit(c) || c == '.') => "must be an IPv4 address",
            var a when !NetSyntax.IsIpv4(a) && (!NetSyntax.IsDnsName(a) || (target.Method ?? linkMethod) == ProbeMethod.Arp) =>
                "must be an IPv4 address or a host name (resolved through the link; arp needs an address)",
            var a when NetSyntax.IsIpv4(a) && !NetSyntax.IsUnicastHost(a) => NetSyntax.UnicastRule,
            _ => null,
        };
        if (error is not null)
        {
            d.Error($"{path}.address", error, target.Address);
        }

        return error is null;
    }

    /// <summary>
    /// An IPv6 target is an address or a host name (resolved through the link's IPv6 with an AAAA query; not for arp,
    /// which is neighbour reachability of an address); false after reporting why not.
    /// </summary>
    private static bool ValidIpv6(TargetConfig target, ProbeMethod linkMethod, string path, DiagnosticBag d)
    {
        var address = Ipv6Syntax.Parse(target.Address);
        var error = target.Address switch
        {
            _ when address is not null => Ipv6Syntax.IsUnicast(address) ? null : Ipv6Syntax.UnicastRule,
            var a when a.Contains(':', StringComparison.Ordinal) || a.All(c => char.IsAsciiDigit(c) || c == '.') => "must be an IPv6 address",
            var a when !NetSyntax.IsDnsName(a) || (target.Method ?? linkMethod) == ProbeMethod.Arp =>
                "must be an IPv6 address or a host name (resolved through the link's IPv6, AAAA; arp needs an address)",
            _ => null,
        };
        if (error is not null)
        {
            d.Error($"{path}.address", error, target.Address);
        }

        return error is null;
    }

    private static void CheckHttpAndDns(TargetConfig target, string path, DiagnosticBag d)
    {
        if (!IsStatusRange(target.ExpectStatus))
        {
            d.Error($"{path}.expect_status", "must be an HTTP status or range such as 200-399", target.ExpectStatus);
        }

        if (target.ExpectRcode is { } rcode && !DnsRcode.TryParse(rcode, out _))
        {
            d.Error($"{path}.expect_rcode", DnsRcode.Expected, rcode);
        }

        if (!target.Path.StartsWith('/'))
        {
            d.Error($"{path}.path", "must start with /", target.Path);
        }

        if (target.Host is { } host && !NetSyntax.IsHost(host))
        {
            d.Error($"{path}.host", "must be a host name or IPv4 address", host);
        }

        if (!NetSyntax.IsDnsName(target.Query))
        {
            d.Error($"{path}.query", "must be a DNS name: labels of letters, digits, - and _, 1-63 characters each, 253 in all", target.Query);
        }
    }

    /// <summary>A setting written for a method that does not use it is a warning: the user meant something that will not happen.</summary>
    private static void CheckIgnored(TargetConfig target, ProbeMethod method, string path, DiagnosticBag d)
    {
        void Ignored(string key, bool usedBy)
        {
            if (!usedBy && d.Map.Contains($"{path}.{key}"))
            {
                d.Warning($"{path}.{key}", $"does nothing for a {method.ToString().ToLowerInvariant()} target", key);
            }
        }

        Ignored("port", WithPort.Contains(method));
        Ignored("path", method == ProbeMethod.Http);
        Ignored("host", method == ProbeMethod.Http);
        Ignored("tls", method == ProbeMethod.Http);
        Ignored("expect_status", method == ProbeMethod.Http);
        Ignored("query", method == ProbeMethod.Dns);
        Ignored("expect_rcode", method == ProbeMethod.Dns);
    }

    private static bool IsStatusRange(string text)
    {
        var parts = text.Split('-');
        var codes = parts.Select(p => int.TryParse(p, out var c) && c is >= 100 and <= 599 ? c : -1).ToList();
        return parts.Length is 1 or 2 && codes.All(c => c > 0) && codes[0] <= codes[^1];
    }
}
