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
        else if (targets.Count == 1)
        {
            d.Warning($"{path}.targets", "only one target: its loss cannot be told from the link's; add a second one", targets[0].Address);
        }

        for (var j = 0; j < targets.Count; j++)
        {
            var target = targets[j];
            var targetPath = $"{path}.targets[{j}]";
            if (!NetSyntax.IsIpv4(target.Address) && target.Address.All(c => char.IsAsciiDigit(c) || c == '.'))
            {
                d.Error($"{targetPath}.address", "must be an IPv4 address", target.Address);
            }
            else if (!NetSyntax.IsIpv4(target.Address) && (!NetSyntax.IsDnsName(target.Address) || (target.Method ?? link.Method) == ProbeMethod.Arp))
            {
                d.Error($"{targetPath}.address", "must be an IPv4 address or a host name (resolved through the link; arp needs an address)", target.Address);
            }
            else if (NetSyntax.IsIpv4(target.Address) && !NetSyntax.IsUnicastHost(target.Address))
            {
                d.Error($"{targetPath}.address", NetSyntax.UnicastRule, target.Address);
            }
            else if (targets.Take(j).Any(t => t.Address == target.Address && t.Method == target.Method && t.Port == target.Port))
            {
                d.Error($"{targetPath}.address", "duplicate target", target.Address);
            }

            if (target.Port is { } port && port is < 1 or > 65535)
            {
                d.Error($"{targetPath}.port", "must be between 1 and 65535", port);
            }

            CheckHttpAndDns(target, targetPath, d);
            CheckIgnored(target, target.Method ?? link.Method, targetPath, d);
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
