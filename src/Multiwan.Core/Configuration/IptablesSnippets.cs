using System.Text;
using System.Text.RegularExpressions;
using Multiwan.Firewall;

namespace Multiwan.Configuration;

/// <summary>
/// Turns the iptables lines of balance/firewall files into nft snippets of <c>table ip multiwan_fw</c>: each line is
/// translated (<see cref="IIptablesTranslator"/>, iptables-translate), then its table and chain are moved to ours —
/// <c>filter INPUT</c>, <c>FORWARD</c>, <c>OUTPUT</c> to <c>input_user</c>, <c>forward_user</c>, <c>output_user</c>,
/// <c>nat PREROUTING</c>/<c>POSTROUTING</c> to <c>dstnat_user</c>/<c>srcnat_user</c> — and Net-ISP-Balance's
/// <c>DROP*</c> chains to <c>drop_logged</c>. A line that cannot be translated or moved is a warning naming its
/// file and line; a translated line keeps its line, so an nft error names the iptables line it came from.
/// </summary>
internal static partial class IptablesSnippets
{
    private static readonly Dictionary<(string Table, string Chain), string> Chains = new()
    {
        [("filter", "INPUT")] = FirewallUserChains.Input,
        [("filter", "FORWARD")] = FirewallUserChains.Forward,
        [("filter", "OUTPUT")] = FirewallUserChains.Output,
        [("nat", "PREROUTING")] = FirewallUserChains.Dstnat,
        [("nat", "POSTROUTING")] = FirewallUserChains.Srcnat,
    };

    [GeneratedRegex(@"^(add|insert) rule ip (\w+) (\w+) (.*)$")]
    private static partial Regex RulePattern();

    [GeneratedRegex(@"\b(jump|goto) (\w+)")]
    private static partial Regex JumpPattern();

    public static MultiwanConfig Translate(MultiwanConfig config, IIptablesTranslator? translator, DiagnosticBag d)
    {
        var firewall = config.Firewall;
        if (firewall.Iptables.Count == 0)
        {
            return config;
        }

        if (translator is null || !firewall.Active)
        {
            var why = translator is null ? "iptables-translate is not available here" : "the firewall is off (firewall=off)";
            foreach (var line in firewall.Iptables)
            {
                d.WarningIn(line.File, line.Line, "iptables", $"not honoured: {why}", line.Text);
            }

            return config;
        }

        var snippets = new List<NftSnippet>();
        foreach (var file in firewall.Iptables.GroupBy(l => l.File))
        {
            var lines = new List<NftSnippetLine>();
            foreach (var line in file)
            {
                var words = Words(line.Text);
                var nft = translator.Translate(words[1..], out var error);
                var restrictive = firewall.Profile == FirewallProfile.Restrictive;
                var moved = nft?.Select(n => Move(n, restrictive)).ToList();
                if (moved is null || moved.Count == 0 || moved.Any(m => m is null))
                {
                    d.WarningIn(line.File, line.Line, "iptables", $"not translated: {(moved is null ? error : "multiwan takes rules of the filter INPUT, FORWARD, OUTPUT and nat PREROUTING, POSTROUTING chains")}", line.Text);
                    continue;
                }

                lines.AddRange(moved.Select(m => new NftSnippetLine(line.Line, m!)));
            }

            if (lines.Count > 0)
            {
                snippets.Add(new NftSnippet(file.Key, lines));
            }
        }

        return config with { Firewall = firewall with { Snippets = [.. firewall.Snippets, .. snippets] } };
    }

    /// <summary><c>add rule ip filter INPUT ... jump DROPFLOOD</c> → <c>add rule ip multiwan_fw input_user ... jump drop_logged</c> (a plain drop without the restrictive profile); null when it has no place in our table.</summary>
    private static string? Move(string nft, bool restrictive)
    {
        if (RulePattern().Match(nft) is not { Success: true } rule || !Chains.TryGetValue((rule.Groups[2].Value, rule.Groups[3].Value), out var chain))
        {
            return null;
        }

        var body = rule.Groups[4].Value;
        var unknownJump = false;
        body = JumpPattern().Replace(body, m =>
        {
            unknownJump |= !m.Groups[2].Value.StartsWith("DROP", StringComparison.Ordinal);
            return restrictive ? "jump drop_logged" : "drop";
        });
        return unknownJump ? null : $"{rule.Groups[1].Value} rule {FirewallRenderer.Table} {chain} {body}";
    }

    /// <summary>The words of a shell-like line: blanks separate, single and double quotes group (no expansion: Net-ISP-Balance's files are not scripts).</summary>
    internal static string[] Words(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in line)
        {
            if (quote is null && c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else if (c is '\'' or '"' && (quote is null || quote == c))
            {
                quote = quote is null ? c : null;
                inWord = true;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return [.. words];
    }
}
