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
    public static IEnumerable<NftChain> Chains(NftModel model)
    {
        yield return Decide(model);
        foreach (var policy in model.Policies)
        {
            yield return new NftChain("policy_" + policy.Id, [.. NftRenderer.Dispatch(policy.Outcome, name => NftRenderer.MarkChainName(model.Link(name)))]);
        }

        foreach (var rule in model.Rules.Where(r => r.IsSticky))
        {
            yield return StickyRuleChain(model, rule);
            foreach (var link in rule.Policy.Spec.Links)
            {
                var resolved = model.Link(link.Name);
                yield return new NftChain(
                    StickyName(rule, resolved),
                    [$"update @{StickyName(rule, resolved)} {{ ip saddr }}", "goto " + NftRenderer.MarkChainName(resolved)]);
            }
        }
    }

    /// <summary>One dynamic set per (sticky rule, link of its policy), declared whether or not the link carries, so entries survive.</summary>
    public static IEnumerable<(string Name, string Text)> StickySets(NftModel model)
    {
        foreach (var rule in model.Rules.Where(r => r.IsSticky))
        {
            foreach (var link in rule.Policy.Spec.Links)
            {
                var set = new StringBuilder();
                var name = StickyName(rule, model.Link(link.Name));
                set.Append("\tset ").Append(name).Append(" {\n");
                set.Append("\t\ttype ipv4_addr\n");
                set.Append("\t\tflags dynamic,timeout\n");
                set.Append("\t\ttimeout ").Append(NftSyntax.Duration(rule.Rule.Sticky!.Value)).Append('\n');
                set.Append("\t}\n");
                yield return (name, set.ToString());
            }
        }
    }

    private static NftChain Decide(NftModel model)
    {
        var rules = new List<string>
        {
            "meta nfproto != ipv4 return",
            "fib daddr type { local, broadcast, multicast } return",
        };
        rules.AddRange(model.Connected.Select(r => NftSyntax.Prefix(r.Prefix)).Distinct().Select(prefix => $"ip daddr {prefix} return"));

        // Connections keep their link while it still answers; a mark of a link that no longer does is not restored.
        var kept = model.Links.Where(l => PolicyEngine.KeepsConnections(l.State)).ToList();
        if (kept.Count > 0)
        {
            var entries = kept.Select(l => $"{NftSyntax.Hex(l.Mark)} : goto restore_{l.Id}");
            rules.Add($"ct mark & {NftSyntax.Hex(model.Mask)} vmap {{ {string.Join(", ", entries)} }}");
        }

        foreach (var target in model.Rules)
        {
            var match = Match(target.Rule);
            rules.Add($"{match}{Action(model, target)}".TrimStart());
            if (match.Length == 0)
            {
                return new NftChain("decide", rules); // A catch-all decides everything: later rules and the default are unreachable.
            }
        }

        rules.Add("goto policy_" + model.Policies[0].Id);
        return new NftChain("decide", rules);
    }

    private static string Action(NftModel model, RuleTarget target)
    {
        if (target.IsSticky)
        {
            return "goto rule_" + target.Id;
        }

        if (target.Named)
        {
            return "goto policy_" + target.Policy.Id;
        }

        // A rule that uses one link: that link, or the global last resort when it carries nothing.
        return NftRenderer.Dispatch(target.Policy.Outcome, name => NftRenderer.MarkChainName(model.Link(name))).Last();
    }

    private static NftChain StickyRuleChain(NftModel model, RuleTarget rule)
    {
        var rules = new List<string>();
        if (rule.Policy.Outcome.LastResortInForce is null)
        {
            // A source that chose a link the policy still allows goes there again (and refreshes its timeout).
            rules.AddRange(rule.Policy.Outcome.Links
                .Select(l => StickyName(rule, model.Link(l.Name)))
                .Select(set => $"ip saddr @{set} goto {set}"));
        }

        rules.AddRange(NftRenderer.Dispatch(rule.Policy.Outcome, name => StickyName(rule, model.Link(name))));
        return new NftChain("rule_" + rule.Id, rules);
    }

    private static string StickyName(RuleTarget rule, ResolvedLink link) => StickyName(rule.Rule.Name, link.Name);

    /// <summary>The set (and chain) of a sticky rule for one link; the config rules refuse two pairs that give one name.</summary>
    public static string StickyName(string rule, string link) => $"sticky_{NftSyntax.Id(rule)}_{NftSyntax.Id(link)}";

    /// <summary>A rule that matches every new connection (no address, port or protocol): it ends <c>decide</c>.</summary>
    public static bool MatchesEverything(RuleConfig rule) => Match(rule).Length == 0;

    /// <summary>The match part of a rule, ending with a space (empty when the rule matches everything).</summary>
    private static string Match(RuleConfig rule)
    {
        var parts = new List<string>();
        if (rule.Src.Count > 0)
        {
            parts.Add("ip saddr " + NftSyntax.SetOf(rule.Src.Select(NftSyntax.Prefix)));
        }

        if (rule.Dst.Count > 0)
        {
            parts.Add("ip daddr " + NftSyntax.SetOf(rule.Dst.Select(NftSyntax.Prefix)));
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
            parts.Add("meta l4proto icmp");
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
