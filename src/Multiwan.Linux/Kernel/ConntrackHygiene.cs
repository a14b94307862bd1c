using Multiwan.Configuration;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// Pure: after an apply, whose conntrack entries go. A link that stopped keeping connections (went down or was
/// disabled) loses its entries and sticky entries, so its clients reconnect at once elsewhere. A metered link that
/// still works but no longer carries new traffic because a better one is back (failback) loses its entries too,
/// so they move home. Nothing else is ever touched.
/// </summary>
public static class ConntrackHygiene
{
    public static IReadOnlyList<LinkFlush> LinksToFlush(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState>? before,
        IReadOnlyDictionary<string, LinkState> after,
        KernelPlan? previous,
        KernelPlan next)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(next);
        var flushes = new List<LinkFlush>();
        if (before is null)
        {
            return flushes;
        }

        foreach (var link in config.Links)
        {
            var plan = next.Links.FirstOrDefault(l => l.Name == link.Name);
            if (plan is null)
            {
                continue;
            }

            var wasKeeping = PolicyEngine.KeepsConnections(PolicyEngine.StateOf(link, before));
            var keeps = PolicyEngine.KeepsConnections(PolicyEngine.StateOf(link, after));
            if (wasKeeping && !keeps && config.Kernel.FlushConntrackOnDown)
            {
                flushes.Add(new LinkFlush(plan, "link down", FlushSticky: true));
                continue;
            }

            var carried = previous?.Links.FirstOrDefault(l => l.Name == link.Name)?.Carrying ?? false;
            if (link.Metered && keeps && carried && !plan.Carrying && next.Links.Any(l => l.Carrying))
            {
                flushes.Add(new LinkFlush(plan, "failback", FlushSticky: false));
            }
        }

        return flushes;
    }
}

/// <summary>One link whose conntrack entries are to be deleted, why (<c>link down</c>, <c>failback</c>), and whether its sticky clients go too.</summary>
public sealed record LinkFlush(LinkPlan Link, string Reason, bool FlushSticky);
