namespace Multiwan.Configuration;

/// <summary>Rules for <c>policies:</c> and <c>rules:</c>: names, references to links and policies, matches.</summary>
internal static class PolicyRules
{
    public const string DefaultPolicy = "default";

    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        var links = config.Links.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        var policies = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < config.Policies.Count; i++)
        {
            var policy = config.Policies[i];
            var path = $"policies[{i}]";
            if (policy.Name.Equals(DefaultPolicy, StringComparison.OrdinalIgnoreCase))
            {
                d.Error($"{path}.name", "default is built in (every link); choose another name", policy.Name);
            }
            else if (links.Contains(policy.Name, StringComparer.OrdinalIgnoreCase))
            {
                d.Error($"{path}.name", "is also a link name, so 'use' would be ambiguous", policy.Name);
            }
            else
            {
                LinkRules.CheckName(policy.Name, $"{path}.name", policies, "policy", d);
            }

            for (var j = 0; j < policy.Links.Count; j++)
            {
                var link = policy.Links[j];
                if (!links.Contains(link))
                {
                    d.Error($"{path}.links[{j}]", $"unknown link; links are: {string.Join(", ", links)}", link);
                }
                else if (policy.Links.Take(j).Contains(link, StringComparer.Ordinal))
                {
                    d.Error($"{path}.links[{j}]", "link listed twice", link);
                }
            }
        }

        var rules = new Dictionary<string, int>(StringComparer.Ordinal);
        string? catchAll = null;
        for (var i = 0; i < config.Rules.Count; i++)
        {
            var rule = config.Rules[i];
            CheckRule(rule, $"rules[{i}]", links, policies, rules, config.Links.Any(l => l.Ipv6 is not null), d);
            if (catchAll is not null)
            {
                d.Warning($"rules[{i}]", $"can never match: rule {catchAll} before it matches every connection", rule.Name);
            }
            else if (rule is { Src.Count: 0, Dst.Count: 0, SrcPort.Count: 0, DstPort.Count: 0, Protocol: RuleProtocol.Any })
            {
                catchAll = rule.Name;
            }
        }
    }

    private static void CheckRule(
        RuleConfig rule, string path, HashSet<string> links, Dictionary<string, int> policies, Dictionary<string, int> seen, bool dualStack, DiagnosticBag d)
    {
        LinkRules.CheckName(rule.Name, $"{path}.name", seen, "rule", d);
        if (rule.Use.Length == 0)
        {
            d.Error($"{path}.use", "needs a link or policy name (or default)", rule.Use);
        }
        else if (rule.Use != DefaultPolicy && !links.Contains(rule.Use) && !policies.ContainsKey(rule.Use))
        {
            var known = links.Concat(policies.Keys).Append(DefaultPolicy);
            d.Error($"{path}.use", $"unknown link or policy; known: {string.Join(", ", known)}", rule.Use);
        }

        CheckCidrs(rule.Src, $"{path}.src", d);
        CheckCidrs(rule.Dst, $"{path}.dst", d);
        if (RuleFamilies.Of(rule) == RuleFamily.Mixed)
        {
            d.Error(path, "mixes IPv4 and IPv6 prefixes in src/dst: a connection is one family; write one rule per family", rule.Name);
        }
        else if (RuleFamilies.Of(rule) == RuleFamily.Ipv6 && !dualStack)
        {
            d.Error(path, "matches IPv6 prefixes but no link has ipv6: it could never match", rule.Name);
        }
        CheckPorts(rule.SrcPort, $"{path}.src_port", rule.Protocol, d);
        CheckPorts(rule.DstPort, $"{path}.dst_port", rule.Protocol, d);
        if (rule.Sticky is { } sticky && sticky <= TimeSpan.Zero)
        {
            d.Error($"{path}.sticky", "must be longer than 0s", sticky);
        }
        else if (rule.Sticky > ConfigLimits.LongDuration)
        {
            d.Error($"{path}.sticky", $"must be at most {Duration.Format(ConfigLimits.LongDuration)}", rule.Sticky);
        }
    }

    private static void CheckCidrs(IReadOnlyList<string> cidrs, string path, DiagnosticBag d)
    {
        for (var j = 0; j < cidrs.Count; j++)
        {
            if (cidrs[j].Contains(':', StringComparison.Ordinal) && !Ipv6Syntax.IsCidr(cidrs[j]))
            {
                d.Error($"{path}[{j}]", "must be an IPv6 address or prefix such as 2001:db8::/32", cidrs[j]);
            }
            else if (!cidrs[j].Contains(':', StringComparison.Ordinal) && !NetSyntax.IsCidr(cidrs[j]))
            {
                d.Error($"{path}[{j}]", "must be an IPv4 address or CIDR such as 192.0.2.0/24", cidrs[j]);
            }
            else if (cidrs.Take(j).Contains(cidrs[j], StringComparer.Ordinal))
            {
                d.Error($"{path}[{j}]", "listed twice (nft refuses a set with the same element twice)", cidrs[j]);
            }
        }
    }

    private static void CheckPorts(IReadOnlyList<string> ports, string path, RuleProtocol protocol, DiagnosticBag d)
    {
        if (ports.Count > 0 && protocol is not (RuleProtocol.Tcp or RuleProtocol.Udp))
        {
            d.Error(path, "ports need protocol: tcp or udp", protocol);
        }

        for (var j = 0; j < ports.Count; j++)
        {
            if (!NetSyntax.IsPortSpec(ports[j]))
            {
                d.Error($"{path}[{j}]", "must be a port or range such as 25 or 8000-8080 (1-65535)", ports[j]);
            }
        }
    }
}
