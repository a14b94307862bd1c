using System.Net.Sockets;
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
    /// <summary>
    /// The flushes of one apply. For a dual-stack link each family is judged by its own states (<paramref name="before6"/>,
    /// <paramref name="after6"/>; the IPv4 ones when null) and flushed alone, so a family's failure never cuts the other's flows;
    /// an IPv4-only link's flush takes every family, as always.
    /// </summary>
    public static IReadOnlyList<LinkFlush> LinksToFlush(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState>? before,
        IReadOnlyDictionary<string, LinkState> after,
        KernelPlan? previous,
        KernelPlan next,
        IReadOnlyDictionary<string, LinkState>? before6 = null,
        IReadOnlyDictionary<string, LinkState>? after6 = null)
    {
        var flushes = LinksToFlush(config, before, after, previous?.Links, next.Links, next, ipv6: false);
        if (next.Links6.Count > 0)
        {
            flushes.AddRange(LinksToFlush(config, before6 ?? before, after6 ?? after, previous?.Links6, next.Links6, next, ipv6: true));
        }

        return flushes;
    }

    private static List<LinkFlush> LinksToFlush(
        MultiwanConfig config,
        IReadOnlyDictionary<string, LinkState>? before,
        IReadOnlyDictionary<string, LinkState> after,
        IReadOnlyList<LinkPlan>? previous,
        IReadOnlyList<LinkPlan> nextLinks,
        KernelPlan next,
        bool ipv6)
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
            var plan = nextLinks.FirstOrDefault(l => l.Name == link.Name);
            var family = ipv6 ? AddressFamily.InterNetworkV6 : link.Ipv6 is null ? AddressFamily.Unspecified : AddressFamily.InterNetwork;
            if (plan is null)
            {
                continue;
            }

            var wasKeeping = PolicyEngine.KeepsConnections(PolicyEngine.StateOf(link, before));
            var keeps = PolicyEngine.KeepsConnections(PolicyEngine.StateOf(link, after));
            if (wasKeeping && !keeps && config.Kernel.FlushConntrackOnDown)
            {
                flushes.Add(new LinkFlush(plan, ipv6 ? "link down for IPv6" : "link down", FlushSticky: true) { Family = family });
                continue;
            }

            var carried = previous?.FirstOrDefault(l => l.Name == link.Name)?.Carrying ?? false;
            if (link.Metered && keeps && carried && !plan.Carrying && nextLinks.Any(l => l.Carrying))
            {
                flushes.Add(new LinkFlush(plan, ipv6 ? "failback for IPv6" : "failback", FlushSticky: false) { Family = family });
            }
        }

        return flushes;
    }
}

/// <summary>One link whose conntrack entries are to be deleted, why (<c>link down</c>, <c>failback</c>), and whether its sticky clients go too.</summary>
public sealed record LinkFlush(LinkPlan Link, string Reason, bool FlushSticky)
{
    /// <summary>Whose entries: one family's (a dual-stack link) or every family's (<c>Unspecified</c>, an IPv4-only link).</summary>
    public AddressFamily Family { get; init; } = AddressFamily.Unspecified;
}
