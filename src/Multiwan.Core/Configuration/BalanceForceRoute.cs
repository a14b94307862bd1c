namespace Multiwan.Configuration;

/// <summary>
/// <c>$B-&gt;force_route('SERVICE', '-p tcp --syn --dport 25')</c> becomes a rule sending the connections the selectors
/// match to that link: <c>-p</c>, <c>-s</c>, <c>-d</c>, <c>--sport</c>, <c>--dport</c> map to the rule's protocol, src,
/// dst and ports; <c>--syn</c> and <c>-m tcp</c>/<c>-m udp</c> add nothing (a rule only ever decides new connections).
/// Any other selector makes the call a warning: a rule that matched more than asked would be wrong.
/// </summary>
internal static class BalanceForceRoute
{
    public static MultiwanConfig Add(string file, int line, string service, string selectors, MultiwanConfig config, DiagnosticBag d)
    {
        var link = LinkNameMatch.Find(config.Links.Select(l => l.Name), service, out var unknown);
        if (link is null)
        {
            d.WarningIn(file, line, "force_route", $"not honoured: {unknown}", service);
            return config;
        }

        var rule = new RuleConfig { Name = $"force_route_{config.Rules.Count + 1}", Use = link };
        var tokens = selectors.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < tokens.Length; i++)
        {
            var value = i + 1 < tokens.Length ? tokens[i + 1] : "";
            RuleConfig? next = tokens[i] switch
            {
                "--syn" => rule,
                "-m" when value is "tcp" or "udp" => Skip(rule, ref i),
                "-p" or "--protocol" => Protocol(rule, value, ref i),
                "-s" or "--source" when NetSyntax.IsCidr(value) || NetSyntax.IsIpv4(value) => Take(rule with { Src = [value] }, ref i),
                "-d" or "--destination" when NetSyntax.IsCidr(value) || NetSyntax.IsIpv4(value) => Take(rule with { Dst = [value] }, ref i),
                "--sport" or "--source-port" when Port(value) is { } port => Take(rule with { SrcPort = [port] }, ref i),
                "--dport" or "--destination-port" when Port(value) is { } port => Take(rule with { DstPort = [port] }, ref i),
                _ => null,
            };
            if (next is null)
            {
                d.WarningIn(file, line, "force_route", $"not honoured: multiwan cannot match '{tokens[i]}{(value.Length > 0 ? " " + value : "")}' (it takes -p, -s, -d, --sport, --dport, --syn)", selectors);
                return config;
            }

            rule = next;
        }

        if ((rule.SrcPort.Count > 0 || rule.DstPort.Count > 0) && rule.Protocol is not (RuleProtocol.Tcp or RuleProtocol.Udp))
        {
            d.WarningIn(file, line, "force_route", "not honoured: a port needs -p tcp or -p udp", selectors);
            return config;
        }

        d.Map.Add($"rules[{config.Rules.Count}]", 1);
        return config with { Rules = [.. config.Rules, rule] };
    }

    private static RuleConfig? Protocol(RuleConfig rule, string value, ref int i)
    {
        RuleProtocol? protocol = value.ToLowerInvariant() switch
        {
            "tcp" => RuleProtocol.Tcp,
            "udp" => RuleProtocol.Udp,
            "icmp" => RuleProtocol.Icmp,
            _ => null,
        };
        return protocol is { } p ? Take(rule with { Protocol = p }, ref i) : null;
    }

    /// <summary>iptables writes a port range <c>1000:2000</c>; multiwan <c>1000-2000</c>.</summary>
    private static string? Port(string value)
    {
        var port = value.Replace(':', '-');
        return NetSyntax.IsPortSpec(port) ? port : null;
    }

    private static RuleConfig Skip(RuleConfig rule, ref int i) => Take(rule, ref i);

    private static RuleConfig Take(RuleConfig rule, ref int i)
    {
        i++;
        return rule;
    }
}
