using Multiwan.Configuration;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Pure: (config, link states, interface facts) → the desired kernel state. Link i (config order) gets mark
/// <c>(i+1) &lt;&lt; lowest bit of kernel.mark_mask</c> and table <c>kernel.table_first + i</c>. A fact that is
/// unknown becomes a named placeholder listed in <see cref="KernelPlan.Placeholders"/>; the nft script never needs
/// one (it uses only device names and marks), so it stays valid for <c>nft -c</c>. <c>elected</c> is the daemon's
/// <see cref="BestLinkElection"/> (policy → link) for policies with <c>select: best</c>.
/// </summary>
internal static class KernelPlanner
{
    public static KernelPlan Plan(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState> states,
        IReadOnlyDictionary<string, LinkFacts> facts,
        IReadOnlyDictionary<string, string>? elected = null)
    {
        var placeholders = new List<string>();
        var links = LinkResolver.Resolve(config, states, facts, placeholders);
        var connected = LinkResolver.ConnectedRoutes(config, facts);
        var policies = PolicySpec.FromConfig(config)
            .Select(spec => new PlannedPolicy(spec, PolicyEngine.Decide(spec, states, elected?.GetValueOrDefault(spec.Name))))
            .ToList();
        var rules = config.Rules.Select(rule => Target(config, states, policies, rule)).ToList();

        var defaultPolicy = policies[0].Outcome;
        var routes = RoutePlanner.Routes(config.Kernel, links, connected, defaultPolicy);
        return new KernelPlan
        {
            NftScript = NftRenderer.Render(new NftModel(config, links, policies, rules, connected)),
            Routes = routes,
            Rules = RoutePlanner.Rules(config.Kernel, links),
            Links = [.. links.Select(l => LinkPlanOf(l, defaultPolicy))],
            Placeholders = [.. placeholders.Distinct()],
            LastResortActive = policies.Any(p => p.Outcome.LastResortInForce is not null)
                || rules.Any(r => r.Policy.Outcome.LastResortInForce is not null),
            Policies = [.. policies.Select(p => p.Outcome)],
        };
    }

    private static RuleTarget Target(
        MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, List<PlannedPolicy> policies, RuleConfig rule)
    {
        var policy = policies.FirstOrDefault(p => p.Spec.Name == rule.Use);
        if (policy is not null)
        {
            return new RuleTarget(rule, policy, Named: true);
        }

        var link = config.Links.FirstOrDefault(l => l.Name == rule.Use)
            ?? throw new InvalidOperationException($"rules.{rule.Name}.use: '{rule.Use}' is neither a link nor a policy");
        var spec = PolicySpec.ForLink(config, link);
        return new RuleTarget(rule, new PlannedPolicy(spec, PolicyEngine.Decide(spec, states)), Named: false);
    }

    private static LinkPlan LinkPlanOf(ResolvedLink link, PolicyOutcome defaultPolicy)
    {
        var weight = defaultPolicy.Links.Where(w => w.Name == link.Name).Sum(w => w.Weight);
        return new LinkPlan(link.Name, link.Device, link.Mark, link.Table, weight > 0, weight, defaultPolicy.ShareOf(link.Name));
    }
}
