using System.Text;
using Multiwan.Configuration;
using Multiwan.Policy;

namespace Multiwan.Kernel;

/// <summary>
/// The decision half of the nft script: <c>decide</c> (skip local and connected destinations, restore the mark of
/// a connection whose link still keeps connections, then rules in order, then the <c>default</c> policy), one
/// <c>policy_*</c> chain per policy, and for sticky rules a <c>rule_*</c> chain plus per-link <c>sticky_*</c>
/// chains and dynamic sets keyed by source address.
/// </summary>
internal static class NftDecisionRenderer
{
    public static IEnumerable<NftChain> Chains(NftModel model) => Chains(model, model.View(NftFamily.V4));

    /// <summary>The decision chains of one family: <c>decide</c>/<c>decide6</c>, its policies, its sticky rules.</summary>
    public static IEnumerable<NftChain> Chains(NftModel model, NftDecisionView view)
    {
        var family = view.Family;
        yield return family.Ipv6 ? Nft6Renderer.Decide(model, view) : Decide(model, view);
        foreach (var policy in view.Policies)
        {
            yield return new NftChain(family.PolicyChain(policy.Id), [.. NftRenderer.Dispatch(policy.Outcome, name => NftRenderer.MarkChainName(model.Link(name)))]);
        }

        foreach (var rule in view.Rules.Where(r => r.IsSticky))
        {
            yield return StickyRuleChain(model, family, rule);
            foreach (var link in rule.Policy.Spec.Links)
            {
                var resolved = model.Link(link.Name);
                var name = family.Sticky(rule.Rule.Name, resolved.Name);
                yield return new NftChain(name, [$"update @{name} {{ {family.Ip} saddr }}", "goto " + NftRenderer.MarkChainName(resolved)]);
            }
        }
    }

    /// <summary>One dynamic set per (sticky rule, link of its policy), declared whether or not the link carries, so entries survive.</summary>
    public static IEnumerable<(string Name, string Text)> StickySets(NftModel model) => StickySets(model.View(NftFamily.V4));

    public static IEnumerable<(string Name, string Text)> StickySets(NftDecisionView view)
    {
        foreach (var rule in view.Rules.Where(r => r.IsSticky))
        {
            foreach (var link in rule.Policy.Spec.Links)
            {
                var set = new StringBuilder();
                var name = view.Family.Sticky(rule.Rule.Name, link.Name);
                set.Append("\tset ").Append(name).Append(" {\n");
                set.Append("\t\ttype ").Append(view.Family.AddressType).Append('\n');
                set.Append("\t\tflags dynamic,timeout\n");
                set.Append("\t\ttimeout ").Append(NftSyntax.Duration(rule.Rule.Sticky!.Value)).Append('\n');
                set.Append("\t}\n");
                yield return (name, set.ToString());
            }
        }
    }

    private static NftChain Decide(NftModel model, NftDecisionView view)
    {
        var rules = new List<string>();
        if (model.DualStack)
        {
            rules.Add("meta nfproto ipv6 goto decide6");
        }

        if (view.Policies.Count == 0)
        {
            // Every link is IPv6 only: multiwan decides no IPv4 connection (they follow the main table).
            rules.Add(NftSyntax.Comment("no link carries IPv4 (every link is ipv4: false): IPv4 is not decided"));
            return new NftChain(view.Family.Decide, rules);
        }

        rules.Add("meta nfproto != ipv4 return");
        rules.Add("fib daddr type { local, broadcast, multicast } return");
        rules.AddRange(view.Connected.Select(r => NftSyntax.Prefix(r.Prefix)).Distinct().Select(prefix => $"ip daddr {prefix} return"));
        return Decision(model, view, rules);
    }

    /// <summary>
    /// The rest of a <c>decide</c> chain after its family's own opening lines: restore the mark of a connection whose
    /// link still keeps connections, then the rules in order, then the <c>default</c> policy.
    /// </summary>
    public static NftChain Decision(NftModel model, NftDecisionView view, List<string> rules)
    {
        // Connections keep their link while it still answers; a mark of a link that no longer does is not restored.
        if (view.KeptLinks.Count > 0)
        {
            var entries = view.KeptLinks.Select(l => $"{NftSyntax.Hex(l.Mark)} : goto restore_{l.Id}");
            rules.Add($"ct mark & {NftSyntax.Hex(model.Mask)} vmap {{ {string.Join(", ", entries)} }}");
        }

        return Ruled(model, view, rules);
    }

    /// <summary>The rules in order, then the <c>default</c> policy (unless a catch-all rule ended the chain).</summary>
    public static NftChain Ruled(NftModel model, NftDecisionView view, List<string> rules)
    {
        foreach (var target in view.Rules)
        {
            var match = Match(target.Rule, view.Family);
            rules.Add($"{match}{Action(model, view.Family, target)}".TrimStart());
            if (match.Length == 0)
            {
                return new NftChain(view.Family.Decide, rules); // A catch-all decides everything: later rules and the default are unreachable.
            }
        }

        rules.Add("goto " + view.Family.PolicyChain(view.Policies[0].Id));
        return new NftChain(view.Family.Decide, rules);
    }

    private static string Action(NftModel model, NftFamily family, RuleTarget target)
    {
        if (target.IsSticky)
        {
            return "goto " + family.RuleChain(target.Id);
        }

        if (target.Named)
        {
            return "goto " + family.PolicyChain(target.Policy.Id);
        }

        // A rule that uses one link: that link, or the global last resort when it carries nothing.
        return NftRenderer.Dispatch(target.Policy.Outcome, name => NftRenderer.MarkChainName(model.Link(name))).Last();
    }

    private static NftChain StickyRuleChain(NftModel model, NftFamily family, RuleTarget rule)
    {
        var rules = new List<string>();
        if (rule.Policy.Outcome.LastResortInForce is null)
        {
            // A source that chose a link the policy still allows goes there again (and refreshes its timeout).
            rules.AddRange(rule.Policy.Outcome.Links
                .Select(l => family.Sticky(rule.Rule.Name, model.Link(l.Name).Name))
                .Select(set => $"{family.Ip} saddr @{set} goto {set}"));
        }

        rules.AddRange(NftRenderer.Dispatch(rule.Policy.Outcome, name => family.Sticky(rule.Rule.Name, model.Link(name).Name)));
        return new NftChain(family.RuleChain(rule.Id), rules);
    }

    /// <summary>The set (and chain) of a sticky rule for one link; the config rules refuse two pairs that give one name.</summary>
    public static string StickyName(string rule, string link) => NftFamily.V4.Sticky(rule, link);

    /// <summary>A rule that matches every new connection (no address, port or protocol): it ends <c>decide</c>.</summary>
    public static bool MatchesEverything(RuleConfig rule) => Match(rule, NftFamily.V4).Length == 0;

    /// <summary>The match part of a rule, ending with a space (empty when the rule matches everything).</summary>
    private static string Match(RuleConfig rule, NftFamily family)
    {
        var parts = new List<string>();
        if (rule.Src.Count > 0)
        {
            parts.Add($"{family.Ip} saddr " + NftSyntax.SetOf(rule.Src.Select(family.Prefix)));
        }

        if (rule.Dst.Count > 0)
        {
            parts.Add($"{family.Ip} daddr " + NftSyntax.SetOf(rule.Dst.Select(family.Prefix)));
        }

        var hasPorts = rule.SrcPort.Count > 0 || rule.DstPort.Count > 0;
        var l4 = rule.Protocol switch
        {
            RuleProtocol.Tcp => "tcp",
            RuleProtocol.Udp => "udp",
            _ => "th",
        };
        if (rule.Protocol == RuleProtocol.Icmp)
        {
            parts.Add(family.Ipv6 ? "meta l4proto ipv6-icmp" : "meta l4proto icmp");
        }
        else if (rule.Protocol == RuleProtocol.Any && hasPorts)
        {
            parts.Add("meta l4proto { tcp, udp }");
        }
        else if (rule.Protocol != RuleProtocol.Any && !hasPorts)
        {
            parts.Add("meta l4proto " + l4);
        }

        if (rule.SrcPort.Count > 0)
        {
            parts.Add($"{l4} sport {NftSyntax.SetOf(rule.SrcPort.Select(NftSyntax.Port))}");
        }

        if (rule.DstPort.Count > 0)
        {
            parts.Add($"{l4} dport {NftSyntax.SetOf(rule.DstPort.Select(NftSyntax.Port))}");
        }

        return parts.Count == 0 ? "" : string.Join(' ', parts) + " ";
    }
}
