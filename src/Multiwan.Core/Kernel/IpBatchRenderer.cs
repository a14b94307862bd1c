using System.Text;

namespace Multiwan.Kernel;

/// <summary>
/// Renders planned routes and rules as exact <c>ip -batch -</c> lines, every one tagged <c>proto P</c>. Every value
/// is one word (<see cref="Word"/>): a newline or space in a device or address can never start another command or
/// add an argument; <c>ip</c> refuses the escaped word instead, and the <c>[#]</c> text printed stays one line.
/// </summary>
internal static class IpBatchRenderer
{
    /// <summary>The IPv4 lines (<c>ip -batch -</c>): routes first (so rules point at filled tables), then rules.</summary>
    public static IReadOnlyList<string> Render(KernelPlan plan, int protocol) =>
        [.. plan.Routes.Where(r => !r.Ipv6).Select(r => Route(r, protocol)), .. plan.Rules.Where(r => !r.Ipv6).Select(r => Rule(r, protocol))];

    /// <summary>The IPv6 lines (<c>ip -6 -batch -</c>), in the same order; none for an IPv4-only config.</summary>
    public static IReadOnlyList<string> Render6(KernelPlan plan, int protocol) =>
        [.. plan.Routes.Where(r => r.Ipv6).Select(r => Route(r, protocol)), .. plan.Rules.Where(r => r.Ipv6).Select(r => Rule(r, protocol))];

    /// <summary>The whole command after <c>ip</c>: <c>-6 route replace ...</c> for IPv6, as an operator would type it.</summary>
    public static string Command(PlannedRoute route, int protocol) => (route.Ipv6 ? "-6 " : "") + Route(route, protocol);

    /// <summary>The whole command after <c>ip</c>: <c>-6 rule add ...</c> for IPv6.</summary>
    public static string Command(PlannedRule rule, int protocol) => (rule.Ipv6 ? "-6 " : "") + Rule(rule, protocol);

    public static string Route(PlannedRoute route, int protocol)
    {
        var line = new StringBuilder("route replace ");
        if (route.Type is not null)
        {
            line.Append(Word(route.Type)).Append(' ');
        }

        line.Append(Word(route.Destination));
        if (route.Nexthops.Count == 0)
        {
            AppendNexthop(line, route.Via, route.Device);
        }

        if (route.Scope is not null)
        {
            line.Append(" scope ").Append(Word(route.Scope));
        }

        if (route.Source is not null)
        {
            line.Append(" src ").Append(Word(route.Source));
        }

        if (route.Table != RoutePlanner.MainTable)
        {
            line.Append(" table ").Append(route.Table);
        }

        line.Append(" proto ").Append(protocol);
        if (route.Metric is { } metric)
        {
            line.Append(" metric ").Append(metric);
        }

        foreach (var hop in route.Nexthops)
        {
            line.Append(" nexthop");
            AppendNexthop(line, hop.Via, hop.Device);
            line.Append(" weight ").Append(hop.Weight);
        }

        return line.ToString();
    }

    public static string Rule(PlannedRule rule, int protocol)
    {
        var line = new StringBuilder("rule add");
        if (rule.FwMark is { } mark)
        {
            line.Append(" fwmark ").Append(Hex(mark));
            if (rule.FwMask is { } mask)
            {
                line.Append('/').Append(Hex(mask));
            }
        }

        if (rule.From is not null)
        {
            line.Append(" from ").Append(Word(rule.From));
        }

        if (rule.OutputInterface is not null)
        {
            line.Append(" oif ").Append(Word(rule.OutputInterface));
        }

        line.Append(" table ").Append(rule.Table).Append(" priority ").Append(rule.Priority).Append(" proto ").Append(protocol);
        return line.ToString();
    }

    private static void AppendNexthop(StringBuilder line, string? via, string? device)
    {
        if (via is not null)
        {
            line.Append(" via ").Append(Word(via));
        }

        if (device is not null)
        {
            line.Append(" dev ").Append(Word(device));
        }
    }

    /// <summary>
    /// A value as one word: a backslash (ip joins a line ending in one with the next), space, quote or <c>#</c>
    /// shown as <c>\xNN</c>, then control characters escaped. A plain value is unchanged.
    /// </summary>
    public static string Word(string value)
    {
        var text = new global::System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or ' ' or '"' or '\'' or '#')
            {
                text.Append("\\x").Append(((int)c).ToString("x2", global::System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return Multiwan.Text.SafeText.Escape(text.ToString());
    }

    private static string Hex(uint value) => "0x" + value.ToString("x", global::System.Globalization.CultureInfo.InvariantCulture);
}
