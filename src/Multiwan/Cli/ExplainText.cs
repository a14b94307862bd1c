using System.Globalization;
using Multiwan.Policy;
using Multiwan.Text;

namespace Multiwan.Cli;

/// <summary>
/// The text of <c>multiwan explain</c>: a header naming the connection, then per family one line with the rule and
/// policy that decide it, the rules passed over (and why), a sticky rule's promise, and one line per link of the
/// policy with its state in that family, its share of new connections and why.
/// </summary>
internal static class ExplainText
{
    /// <param name="states">Where the link states come from: <c>assumed link states, no measurements</c>, or the running daemon.</param>
    public static void Write(TextWriter output, string path, ConnectionQuery query, IReadOnlyList<Explanation> explanations, string states)
    {
        output.WriteLine($"# multiwan explain for {SafeText.Escape(path)}: a new connection{Describe(query)}; {states}; nothing was changed");
        foreach (var e in explanations)
        {
            var family = e.Ipv6 ? "IPv6" : "IPv4";
            if (e.NotDecided is { } why)
            {
                output.WriteLine($"{family}: {why}");
                continue;
            }

            var rule = e.Rule is null ? "no rule matches" : $"rule {e.Rule}";
            output.WriteLine($"{family}: {rule} -> {(IsPolicy(e) ? "policy " : "link ")}{e.Policy} ({Outcome(e.Outcome!)})");
            foreach (var skipped in e.Skipped)
            {
                output.WriteLine($"  rule {skipped.Name} passed over: {skipped.Why}");
            }

            if (e.Sticky is { } sticky)
            {
                output.WriteLine($"  {sticky}");
            }

            var nameWidth = e.Links.Select(l => l.Link.Length).DefaultIfEmpty(4).Max();
            var stateWidth = e.Links.Select(l => l.State.Length).DefaultIfEmpty(5).Max();
            foreach (var link in e.Links)
            {
                output.WriteLine($"  {link.Link.PadRight(nameWidth)}  {link.State.PadRight(stateWidth)}  {PlanCommand.Percent(link.Share),7}  {link.Why}");
            }
        }
    }

    /// <summary>A rule's target is a policy unless it names one link directly (its "policy" is then that link alone).</summary>
    private static bool IsPolicy(Explanation e) => e.Links.Count != 1 || e.Links[0].Link != e.Policy;

    private static string Outcome(PolicyOutcome outcome) => outcome.LastResortInForce switch
    {
        null => PlanCommand.Lower(outcome.Mode),
        Configuration.LastResort.All => $"{PlanCommand.Lower(outcome.Mode)}; LAST RESORT all: no link carries, every link is tried",
        Configuration.LastResort.Unreachable => $"{PlanCommand.Lower(outcome.Mode)}; LAST RESORT unreachable: new connections are rejected",
        _ => $"{PlanCommand.Lower(outcome.Mode)}; LAST RESORT blackhole: new connections are dropped",
    };

    private static string Describe(ConnectionQuery query)
    {
        var parts = new List<string>();
        if (query.Source is { } s)
        {
            parts.Add($"from {s}");
        }

        if (query.Destination is { } d)
        {
            parts.Add($"to {d}");
        }

        if (query.Protocol != Configuration.RuleProtocol.Any)
        {
            parts.Add(PlanCommand.Lower(query.Protocol));
        }

        if (query.SourcePort is { } sp)
        {
            parts.Add($"from port {sp.ToString(CultureInfo.InvariantCulture)}");
        }

        if (query.DestinationPort is { } dp)
        {
            parts.Add($"to port {dp.ToString(CultureInfo.InvariantCulture)}");
        }

        return parts.Count == 0 ? " (any)" : " " + string.Join(' ', parts);
    }
}
