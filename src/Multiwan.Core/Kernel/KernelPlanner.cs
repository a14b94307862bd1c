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
        IReadOnlyDictionary<string, string>? elected = null) =>
        Plan(config, states, facts, PolicyEngine.Decide(config, LinkResolver.WithoutAddresslessLinks(config, states, facts), elected), slots);

    public static KernelPlan Plan(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState> states,
        IReadOnlyDictionary<string, LinkFacts> facts,
        PolicyDecision decision,
        LinkSlots? slots = null)
    {
        var placeholders = new List<string>();
        var links = LinkResolver.Resolve(config, states, facts, placeholders, slots);
        var connected = LinkResolver.ConnectedRoutes(config, facts);
        var policies = decision.Policies.Select(p => new PlannedPolicy(p.Spec, p.Outcome)).ToList();
        var rules = config.Rules.Select(rule => Target(decision, policies, rule)).ToList();

        var defaultPolicy = policies[0].Outcome;
        var routes = RoutePlanner.Routes(config.Kernel, links, connected, defaultPolicy);
        var nft = new NftModel(config, links, policies, rules, connected);
        return new KernelPlan
        {
            NftScript = NftRenderer.Render(nft),
            NftObjects = NftRenderer.Objects(nft),
            FirewallScript = Firewall.FirewallRenderer.Render(nft),
            Snippets = config.Firewall.Active ? [.. config.Firewall.Snippets.SelectMany(NftSnippetChunk.Of)] : [],
            Routes = routes,
            Rules = RoutePlanner.Rules(config.Kernel, links),
            Links = [.. links.Select(l => LinkPlanOf(l, defaultPolicy))],
            Placeholders = [.. placeholders.Distinct()],
            LastResortActive = policies.Any(p => p.Outcome.LastResortInForce is not null)
                || rules.Any(r => r.Policy.Outcome.LastResortInForce is not null),
            Policies = [.. policies.Select(p => p.Outcome)],
        };
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
