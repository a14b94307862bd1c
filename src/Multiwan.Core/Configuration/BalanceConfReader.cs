using System.Globalization;
using System.Text.RegularExpressions;

namespace Multiwan.Configuration;

/// <summary>
/// Reads Net-ISP-Balance's <c>balance.conf</c> as-is: the <c>service device role [ping-ip [weight [gateway]]]</c> table and
/// its <c>name=value</c> options (mode, forwarding_group, lsm's monitor settings). What multiwan cannot honour is a
/// warning naming the line. The mapping is documented in docs/CONFIG.md.
/// </summary>
internal static partial class BalanceConfReader
{
    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"^\S+\s+\S+\s+(isp|lan)(\s|$)", RegexOptions.IgnoreCase)]
    private static partial Regex RowPattern();

    public static bool LooksLikeStatement(string line) => OptionPattern().IsMatch(line) || RowPattern().IsMatch(line);

    public static MultiwanConfig? Read(string text, DiagnosticBag d)
    {
        var rows = new List<BalanceConfRow>();
        var options = new List<BalanceConfOption>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var number = i + 1;
            var line = StripComment(lines[i]).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (OptionPattern().Match(line) is { Success: true } option)
            {
                options.Add(new BalanceConfOption(number, option.Groups[1].Value.ToLowerInvariant(), option.Groups[2].Value.Trim()));
                continue;
            }

            var fields = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3)
            {
                d.ErrorAt(number, "balance.conf", "expected 'service device role [ping-ip] [weight] [gateway]' or name=value", line);
                continue;
            }

            rows.Add(new BalanceConfRow(number, fields));
        }

        if (rows.Count == 0 && options.Count == 0)
        {
            d.ErrorAt(1, "links", "the file is empty; at least one isp line is needed");
            return null;
        }

        d.Map.Add("", 1);
        // Net-ISP-Balance's event scripts take lsm's 16 positional arguments: so do hooks run for a balance.conf.
        var config = new MultiwanConfig { Hooks = new HooksConfig { LsmArguments = true } };
        config = BalanceConfOptions.Apply(config, options, rows, d);
        return BuildLinks(config, rows, d);
    }

    private static MultiwanConfig BuildLinks(MultiwanConfig config, List<BalanceConfRow> rows, DiagnosticBag d)
    {
        var links = new List<(LinkConfig Link, int Line)>();
        foreach (var row in rows)
        {
            var role = row.Fields[2].ToLowerInvariant();
            if (role == "lan")
            {
                if (row.Fields.Length > 3)
                {
                    d.WarningAt(row.Line, $"lan {row.Fields[0]}", "ping-ip, weight and gateway are ignored on a lan line", string.Join(' ', row.Fields[3..]));
                }

                continue;
            }

            if (role != "isp")
            {
                d.ErrorAt(row.Line, $"service {row.Fields[0]}", "role must be isp or lan", row.Fields[2]);
                continue;
            }

            links.Add((ToLink(row, d) with { Health = config.Health }, row.Line));
        }

        var ordered = config.Mode == BalanceMode.Failover ? FailoverTiers(links.Select(l => l.Link).ToList()) : links.Select(l => l.Link).ToList();
        for (var i = 0; i < links.Count; i++)
        {
            d.Map.Add($"links[{i}]", links[i].Line);
        }

        d.Map.Add("links", links.Count > 0 ? links[0].Line : 1);
        return config with { Links = ordered };
    }

    private static LinkConfig ToLink(BalanceConfRow row, DiagnosticBag d)
    {
        var f = row.Fields;
        var link = new LinkConfig { Name = f[0], Interface = f[1] };
        if (f.Length > 3)
        {
            link = link with { Targets = [new TargetConfig { Address = f[3] }] };
        }

        if (f.Length > 4)
        {
            if (int.TryParse(f[4], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
            {
                link = link with { Weight = weight };
            }
            else
            {
                d.ErrorAt(row.Line, $"service {f[0]}", "weight (5th column) must be a whole number", f[4]);
            }
        }

        if (f.Length > 5 && !f[5].Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            link = link with { Gateway = f[5] };
        }

        if (f.Length > 6)
        {
            d.WarningAt(row.Line, $"service {f[0]}", "columns after the gateway are ignored", string.Join(' ', f[6..]));
        }

        return link;
    }

    /// <summary>Net-ISP-Balance's failover uses the up service with the highest weight: highest weight is tier 1, and so on.</summary>
    private static List<LinkConfig> FailoverTiers(List<LinkConfig> links)
    {
        var weights = links.Select(l => l.Weight).Distinct().OrderDescending().ToList();
        return links.Select(l => l with { Tier = weights.IndexOf(l.Weight) + 1 }).ToList();
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return (hash < 0 ? line : line[..hash]).TrimEnd('\r');
    }
}
