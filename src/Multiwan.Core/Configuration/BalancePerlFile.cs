using System.Text.RegularExpressions;

namespace Multiwan.Configuration;

/// <summary>
/// Reads the lines of a Net-ISP-Balance <c>.pl</c> fragment (balance/firewall or balance/routes) that multiwan can
/// honour without running Perl: <c>$B-&gt;forward(PORT =&gt; 'HOST[:PORT]', 'PROTO'...)</c>,
/// <c>$B-&gt;forward_with_snat(...)</c> (port forwards) and <c>$B-&gt;force_route('SERVICE', 'iptables selectors'...)</c>
/// (a rule sending those connections to that link). Every other statement is a warning naming its file and line.
/// </summary>
internal static partial class BalancePerlFile
{
    [GeneratedRegex(@"^\$B->(forward|forward_with_snat)\(\s*['""]?(\d+(?:[-:]\d+)?)['""]?\s*(?:=>|,)\s*['""]([^'""]+)['""]\s*((?:,\s*['""][a-z]+['""]\s*)*)\)\s*;?$")]
    private static partial Regex Forward();

    [GeneratedRegex(@"^\$B->force_route\(\s*['""]([^'""]+)['""]\s*((?:,\s*['""][^'""]*['""]\s*)+)\)\s*;?$")]
    private static partial Regex ForceRoute();

    [GeneratedRegex(@"['""]([^'""]*)['""]")]
    private static partial Regex Quoted();

    public static MultiwanConfig Read(string file, string text, MultiwanConfig config, DiagnosticBag d)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (Forward().Match(line) is { Success: true } forward)
            {
                config = BalanceForward(file, i + 1, forward, config, d);
            }
            else if (ForceRoute().Match(line) is { Success: true } force)
            {
                var selectors = string.Join(' ', Quoted().Matches(force.Groups[2].Value).Select(m => m.Groups[1].Value));
                config = BalanceForceRoute.Add(file, i + 1, force.Groups[1].Value, selectors, config, d);
            }
            else
            {
                d.WarningIn(file, i + 1, "perl", "not honoured: multiwan reads only $B->forward, $B->forward_with_snat and $B->force_route lines of a .pl file (write the rest in firewall.nft_directory or a post-run hook)", line);
            }
        }

        return config;
    }

    private static MultiwanConfig BalanceForward(string file, int line, Match match, MultiwanConfig config, DiagnosticBag d)
    {
        var protocols = Quoted().Matches(match.Groups[4].Value).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().ToList();
        var proto = protocols switch
        {
            [] or ["tcp"] => ForwardProtocol.Tcp,
            ["udp"] => ForwardProtocol.Udp,
            _ when protocols.All(p => p is "tcp" or "udp") => ForwardProtocol.Both,
            _ => (ForwardProtocol?)null,
        };
        var forward = new ForwardConfig { Port = match.Groups[2].Value.Replace(':', '-'), To = match.Groups[3].Value, Proto = proto ?? ForwardProtocol.Tcp, Snat = match.Groups[1].Value == "forward_with_snat" };
        var host = forward.ToHost;
        if (proto is null || !NetSyntax.IsPortSpec(forward.Port) || !NetSyntax.IsIpv4(host) || !NetSyntax.IsUnicastHost(host)
            || (forward.ToPort is { } port && !NetSyntax.IsPortSpec(port)))
        {
            d.WarningIn(file, line, match.Groups[1].Value, "not honoured: needs a port, a unicast IPv4 host[:port] and tcp/udp", match.Value);
            return config;
        }

        var forwards = config.Firewall.Forwards;
        d.Map.Add($"firewall.forwards[{forwards.Count}]", 1);
        return config with { Firewall = config.Firewall with { Forwards = [.. forwards, forward] } };
    }

    /// <summary>Perl comments: from a <c>#</c> outside quotes to the end of the line.</summary>
    private static string StripComment(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is null && c == '#')
            {
                return line[..i];
            }

            if (c is '\'' or '"')
            {
                quote = quote == c ? null : quote ?? c;
            }
        }

        return line.TrimEnd('\r');
    }
}
