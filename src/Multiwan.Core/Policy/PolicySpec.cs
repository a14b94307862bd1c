using Multiwan.Configuration;

namespace Multiwan.Policy;

/// <summary>A policy resolved against the config: its links in order, its mode and last resort.</summary>
public sealed record PolicySpec(string Name, IReadOnlyList<LinkConfig> Links, BalanceMode Mode, LastResort LastResort)
{
    /// <summary>Set for <c>select: best</c>: the policy sends new connections to its elected link only (<see cref="BestLinkElection"/>).</summary>
    public BestSelection? Best { get; init; }

    public const string DefaultName = "default";

    /// <summary>The built-in <c>default</c> (every link) followed by each named policy; a policy named <c>default</c> overrides the built-in one.</summary>
    public static IReadOnlyList<PolicySpec> FromConfig(MultiwanConfig config)
    {
        var specs = new List<PolicySpec>();
        var defaultOverride = config.Policies.FirstOrDefault(p => p.Name == DefaultName);
        specs.Add(defaultOverride is null
            ? new PolicySpec(DefaultName, config.Links, config.Mode, config.LastResort)
            : Resolve(config, defaultOverride));
        specs.AddRange(config.Policies.Where(p => p.Name != DefaultName).Select(p => Resolve(config, p)));
        return specs;
    }

    /// <summary>A rule that uses one link directly behaves as a one-link policy with the global last resort.</summary>
    public static PolicySpec ForLink(MultiwanConfig config, LinkConfig link) =>
        new(link.Name, [link], BalanceMode.Failover, config.LastResort);

    private static PolicySpec Resolve(MultiwanConfig config, PolicyConfig policy)
    {
        // Links in the policy's own order (failover order); unknown names are the validator's business.
        var links = policy.Links.Count == 0
            ? config.Links
            : policy.Links.Select(n => config.Links.FirstOrDefault(l => l.Name == n)).OfType<LinkConfig>().ToList();
        return new PolicySpec(policy.Name, links, policy.Mode ?? config.Mode, policy.LastResort ?? config.LastResort)
        {
            Best = policy.Select == LinkSelection.Best ? new BestSelection(policy.MarginPercent, policy.MarginMin, policy.Dwell) : null,
        };
    }
}
