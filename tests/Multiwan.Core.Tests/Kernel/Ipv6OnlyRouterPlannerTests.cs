using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>
/// A router whose links are all IPv6 only (<c>ipv4: false</c> everywhere): no IPv4 policy, rule, route or main default;
/// its IPv6 half is exactly that of the same links dual-stack.
/// </summary>
public sealed class Ipv6OnlyRouterPlannerTests
{
    /// <summary>The dual-stack twin: cable and dsl with both families, the IPv6 and family-free rules.</summary>
    private static readonly MultiwanConfig Twin = Ipv6Plans.Config(Ipv6LanMode.Masquerade) with
    {
        Rules = [.. Ipv6Plans.Config(Ipv6LanMode.Masquerade).Rules.Where(r => r.Name != "v4mail")],
    };

    private static readonly MultiwanConfig Config = Twin with
    {
        Links = [.. Twin.Links.Select(l => l with { Ipv4 = false, Targets = [] })],
    };

    /// <summary>The twin's facts without any IPv4 address (none on an IPv6-only line); the device (point-to-point or not) and the IPv6 side as the twin's.</summary>
    private static Dictionary<string, LinkFacts> Facts() =>
        Ipv6Plans.Facts().ToDictionary(f => f.Key, f => new LinkFacts { Device = f.Value.Device, NoAddress = true, PointToPoint = f.Value.PointToPoint, Ipv6 = f.Value.Ipv6 });

    [Theory]
    [InlineData("", "")]
    [InlineData("", "cable=offline")]
    [InlineData("cable=offline dsl=offline", "dsl=offline")]
    public void Only_the_ipv6_half_is_planned_and_it_is_the_dual_stack_twins(string states, string states6)
    {
        var plan = KernelPlanner.Plan(Config, PlanStates.Parse(Config, states), Facts(), states6: PlanStates.Parse(Config, states6));
        var twin = KernelPlanner.Plan(Twin, PlanStates.Parse(Twin, ""), Ipv6Plans.Facts(), states6: PlanStates.Parse(Twin, states6));

        Assert.Empty(IpBatchRenderer.Render(plan, 211));
        Assert.Equal(IpBatchRenderer.Render6(twin, 211), IpBatchRenderer.Render6(plan, 211));
        Assert.Empty(plan.Policies);
        Assert.Equal(Outcomes(twin.Policies6), Outcomes(plan.Policies6));
        Assert.False(plan.LastResortActive);
        Assert.Equal(Ipv6Plans.Chain(twin, "decide6"), Ipv6Plans.Chain(plan, "decide6"));
        Assert.Equal(
            "\tchain decide {\n\t\tmeta nfproto ipv6 goto decide6\n\t\t# no link carries IPv4 (every link is ipv4: false): IPv4 is not decided\n",
            Ipv6Plans.Chain(plan, "decide"));
        Assert.DoesNotContain("chain policy_", plan.NftScript, StringComparison.Ordinal);
        Assert.DoesNotContain("meta nfproto ipv4 oifname", plan.NftScript, StringComparison.Ordinal);
        Assert.Empty(plan.Placeholders);
    }

    private static IEnumerable<string> Outcomes(IReadOnlyList<Policy.PolicyOutcome> policies) =>
        policies.Select(p => $"{p.Name}: {string.Join(", ", p.Links)} {p.LastResortInForce}");
}
