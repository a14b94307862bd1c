using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>The text form of <c>multiwan plan</c>: a commented header, then the exact nft script and ip lines.</summary>
internal static class PlanText
{
    public static void Write(
        TextWriter output, string path, MultiwanConfig config, PlanAssumptions assumed, KernelPlan plan, IReadOnlyList<string> ipLines, IReadOnlyList<string> ip6Lines)
    {
        var states = assumed.States;
        output.WriteLine($"# multiwan plan for {path} (mode {PlanCommand.Lower(config.Mode)}); nothing was changed");
        var width = Math.Max(4, plan.Links.Max(l => l.Name.Length));
        var deviceWidth = Math.Max(6, plan.Links.Max(l => l.Device.Length));
        output.WriteLine($"# {"link".PadRight(width)}  {"device".PadRight(deviceWidth)}  {"state",-13}  {"mark",-10}  {"table",-5}  new connections");
        foreach (var link in plan.Links)
        {
            var share = link.Carrying ? $"{PlanCommand.Percent(link.Share)} (weight {link.EffectiveWeight})" : "none";
            output.WriteLine(
                $"# {link.Name.PadRight(width)}  {link.Device.PadRight(deviceWidth)}  {PlanCommand.StateOf(config, states, link.Name),-13}  {NftSyntax.Hex(link.Mark),-10}  {link.Table,-5}  {share}");
        }

        foreach (var policy in plan.Policies)
        {
            var links = string.Join(", ", policy.Links.Select(w => $"{w.Name} {PlanCommand.Percent(policy.ShareOf(w.Name))}"));
            var line = policy.LastResortInForce is { } lastResort
                ? $"LAST RESORT {PlanCommand.Lower(lastResort)} (no link carries){(links.Length > 0 ? ": " + links : "")}"
                : links;
            output.WriteLine($"# policy {policy.Name}: {line}");
        }

        foreach (var link in plan.Links6)
        {
            var share = link.Carrying ? $"{PlanCommand.Percent(link.Share)} (weight {link.EffectiveWeight})" : "none";
            output.WriteLine($"# ipv6 {link.Name}: {PlanCommand.Lower(assumed.States6[link.Name])}, new connections {share}");
        }

        foreach (var policy in plan.Policies6.Where(p => p.Links.Count > 0 || p.LastResortInForce is not null))
        {
            var links = string.Join(", ", policy.Links.Select(w => $"{w.Name} {PlanCommand.Percent(policy.ShareOf(w.Name))}"));
            var line = policy.LastResortInForce is { } lastResort
                ? $"LAST RESORT {PlanCommand.Lower(lastResort)} (no link carries){(links.Length > 0 ? ": " + links : "")}"
                : links;
            output.WriteLine($"# ipv6 policy {policy.Name}: {line}");
        }

        if (plan.Placeholders.Count > 0)
        {
            var ipv6 = plan.Links6.Count > 0 ? ", --fact LINK.ipv6.address=A/N, --fact LINK.ipv6.gateway=G|none" : "";
            output.WriteLine($"# placeholders (facts not known here; give them with --fact LINK.address=A/N, --fact LINK.gateway=G|none{ipv6}): {string.Join(' ', plan.Placeholders)}");
        }

        output.WriteLine();
        output.WriteLine("# nft -f -");
        output.Write(plan.NftScript);
        output.Write(plan.FirewallScript);
        output.Write(plan.SnippetScript);
        output.WriteLine();
        output.WriteLine("# ip -batch -");
        foreach (var line in ipLines)
        {
            output.WriteLine(line);
        }

        if (ip6Lines.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("# ip -6 -batch -");
            foreach (var line in ip6Lines)
            {
                output.WriteLine(line);
            }
        }
    }
}
