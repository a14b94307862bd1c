using Multiwan.Configuration;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Pure: (config, link states, interface facts, the policy decision, link slots) → the desired kernel state. Each link's
/// mark, table and rule priorities come from its slot (<see cref="LinkSlots"/>; by position when none are given). A fact that is
/// unknown becomes a named placeholder listed in <see cref="KernelPlan.Placeholders"/>; the nft script never needs
/// one (it uses only device names and marks), so it stays valid for <c>nft -c</c>. <c>elected</c> is the daemon's
/// <see cref="BestLinkElection"/> (policy → link) for policies with <c>select: best</c>.
/// </summary>
internal static class KernelPlanner
{
    /// <summary>Decides the policies for <paramref name="states"/> and plans (for callers without a policy stage of their own: <c>plan</c>, <c>apply</c>).</summary>
    public static KernelPlan Plan(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState> states,
        IReadOnlyDictionary<string, LinkFacts> facts,
        LinkSlots? slots = null,
        IReadOnlyDictionary<string, string>? elected = null,
        IReadOnlyDictionary<string, LinkState>? states6 = null) =>
        Plan(
            config, states, facts, PolicyEngine.Decide(config, LinkResolver.WithoutAddresslessLinks(config, states, facts), elected), slots, states6,
            config.Links.Any(l => l.Ipv6 is not null) ? PolicyEngine.DecideIpv6(config, LinkResolver.WithoutAddresslessLinks6(config, states6 ?? states, facts), elected) : null);

    /// <param name="states6">Each link's IPv6 state (tracked apart from IPv4); its IPv4 state when null.</param>
    /// <param name="decision6">The policy stage's IPv6 decision (<see cref="PolicyEngine.DecideIpv6"/>); decided here from <paramref name="states6"/> when null.</param>
    public static KernelPlan Plan(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState> states,
        IReadOnlyDictionary<string, LinkFacts> facts,
        PolicyDecision decision,
        LinkSlots? slots = null,
        IReadOnlyDictionary<string, LinkState>? states6 = null,
        PolicyDecision? decision6 = null)
    {
        CheckRuleFamilies(config);
        var placeholders = new List<string>();
        var links = LinkResolver.Resolve(config, states, facts, placeholders, slots, states6);
        var connected = LinkResolver.ConnectedRoutes(config, facts);
        // Every link IPv6 only (ipv4: false): there is no IPv4 policy, rule, route or main default at all; IPv4 is left alone.
        var carriesIpv4 = config.Links.Any(l => l.Ipv4);
        var policies = carriesIpv4 ? decision.Policies.Select(p => new PlannedPolicy(p.Spec, p.Outcome)).ToList() : [];
        var rules = config.Rules
            .Where(r => carriesIpv4 && RuleFamilies.Applies(r, ipv6: false))
            .Select(rule => Target(decision, policies, rule))
            .Where(t => t.Policy.Spec.Links.Count > 0) // a rule that uses only IPv6-only links decides IPv6 only
            .ToList();
        var links4 = links.Where(l => l.Config.Ipv4).ToList(); // an IPv6-only link has no IPv4 table entries or rules

        var defaultPolicy = carriesIpv4 ? policies[0].Outcome : new PolicyOutcome(PolicySpec.DefaultName, config.Mode, []);
        var routes = carriesIpv4 ? RoutePlanner.Routes(config.Kernel, links4, connected, defaultPolicy) : [];
        var plannedRules = RoutePlanner.Rules(config.Kernel, links4);
        var nft = new NftModel(config, links, policies, rules, connected);
        var plan = new KernelPlan
        {
            NftScript = "",
            Snippets = config.Firewall.Active ? [.. config.Firewall.Snippets.SelectMany(NftSnippetChunk.Of)] : [],
            Routes = routes,
            Rules = plannedRules,
            Links = [.. links.Select(l => LinkPlanOf(l, defaultPolicy))],
            LastResortActive = policies.Any(p => p.Outcome.LastResortInForce is not null && p.Spec.Links.Count > 0)
                || rules.Any(r => r.Policy.Outcome.LastResortInForce is not null),
            Policies = [.. policies.Select(p => p.Outcome)],
        };
        if (nft.DualStack)
        {
            decision6 ??= PolicyEngine.DecideIpv6(config, LinkResolver.WithoutAddresslessLinks6(config, states6 ?? states, facts));
            var policies6 = decision6.Policies.Select(p => new PlannedPolicy(p.Spec, p.Outcome)).ToList();
            var rules6 = config.Rules
                .Where(r => RuleFamilies.Applies(r, ipv6: true))
                .Select(rule => Target(decision6, policies6, rule))
                .Where(t => t.Policy.Spec.Links.Count > 0)
                .ToList();
            nft = nft with { Policies6 = policies6, Rules6 = rules6, Connected6 = LinkResolver.ConnectedRoutes6(config, facts) };
            var default6 = policies6[0].Outcome;
            plan = plan with
            {
                Routes = [.. routes, .. Route6Planner.Routes(config.Kernel, links, nft.Connected6, default6)],
                Rules = [.. plannedRules, .. Route6Planner.Rules(config.Kernel, links, config.Ipv6.LanMode)],
                Links6 = [.. links.Where(l => l.Ipv6 is not null).Select(l => LinkPlanOf(l, default6))],
                Policies6 = [.. policies6.Select(p => p.Outcome)],
                LastResortActive = plan.LastResortActive || policies6.Any(p => p.Outcome.LastResortInForce is not null && p.Spec.Links.Count > 0),
            };
        }

        return plan with
        {
            NftScript = NftRenderer.Render(nft),
            NftObjects = NftRenderer.Objects(nft),
            FirewallScript = Firewall.FirewallRenderer.Render(nft),
            Placeholders = [.. placeholders.Distinct()],
        };
    }

    /// <summary>Refuse, not repair: a rule the script could never decide (check refuses it too) stops the plan.</summary>
    private static void CheckRuleFamilies(MultiwanConfig config)
    {
        var dualStack = config.Links.Any(l => l.Ipv6 is not null);
        foreach (var rule in config.Rules)
        {
            var prefix = rule.Src.Concat(rule.Dst).FirstOrDefault(p => p.Contains(':', StringComparison.Ordinal));
            switch (RuleFamilies.Of(rule))
            {
                case RuleFamily.Mixed:
                    throw NftSyntax.RefusedFamily(prefix!, $"rule {rule.Name} mixes IPv4 and IPv6 prefixes");
                case RuleFamily.Ipv6 when !dualStack:
                    throw NftSyntax.RefusedFamily(prefix!, $"rule {rule.Name} matches IPv6 and no link has ipv6");
            }
        }
    }

    private static RuleTarget Target(PolicyDecision decision, List<PlannedPolicy> policies, RuleConfig rule)
    {
        var policy = policies.FirstOrDefault(p => p.Spec.Name == rule.Use);
        if (policy is not null)
        {
            return new RuleTarget(rule, policy, Named: true);
        }

        var link = decision.LinkPolicies.GetValueOrDefault(rule.Use)
            ?? throw new InvalidOperationException($"rules.{rule.Name}.use: '{rule.Use}' is neither a link nor a policy");
        return new RuleTarget(rule, new PlannedPolicy(link.Spec, link.Outcome), Named: false);
    }

    private static LinkPlan LinkPlanOf(ResolvedLink link, PolicyOutcome defaultPolicy)
    {
        var weight = defaultPolicy.Links.Where(w => w.Name == link.Name).Sum(w => w.Weight);
        return new LinkPlan(link.Name, link.Device, link.Mark, link.Table, weight > 0, weight, defaultPolicy.ShareOf(link.Name));
    }
}
