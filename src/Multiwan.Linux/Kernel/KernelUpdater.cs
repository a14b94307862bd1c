using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// One writer's view of the kernel: applies each new plan and, once its nft transaction is in, deletes the
/// conntrack entries and sticky entries of links that went down, and of metered links on failback. Remembers the
/// last plan and states it applied, so the daemon just hands over (plan, states).
/// </summary>
public sealed class KernelUpdater(KernelApplier applier, ConntrackCleaner cleaner, MultiwanConfig config)
{
    private KernelPlan? _lastPlan;
    private IReadOnlyDictionary<string, LinkState>? _lastStates;
    private IReadOnlyDictionary<string, LinkState>? _lastStates6;

    /// <summary>The link states of the last successful apply (null before one).</summary>
    public IReadOnlyDictionary<string, LinkState>? LastStates => _lastStates;

    /// <summary>States the kernel is assumed to be in before the first apply (a one-shot apply starts from "every link up").</summary>
    public void Prime(IReadOnlyDictionary<string, LinkState> states) => _lastStates = new Dictionary<string, LinkState>(states);

    /// <param name="states6">The links' IPv6 states when tracked apart (the daemon); the IPv4 ones when null.</param>
    public async Task<ApplyResult> ApplyAsync(
        KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, CancellationToken cancellationToken, IReadOnlyDictionary<string, LinkState>? states6 = null)
    {
        ArgumentNullException.ThrowIfNull(plan);

        // Once the nft transaction is in (no rule restores or picks a dead link's mark any more), the conntrack
        // deletions and sticky flushes run while the routes and rules are reconciled: they do not depend on each other.
        var flushes = ConntrackHygiene.LinksToFlush(config, _lastStates, states, _lastPlan, plan, _lastStates6 ?? _lastStates, states6 ?? states);
        IReadOnlyList<(KernelChange Change, string? Error)> done = [];
        var result = await applier.ApplyAsync(
            plan,
            flushes.Count == 0 ? null : async token => done = await FlushAsync(flushes, plan, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var changes = result.Changes.Concat(done.Select(d => d.Change)).ToList();
        var error = result.Error ?? done.Select(d => d.Error).FirstOrDefault(e => e is not null);
        if (result.Succeeded)
        {
            _lastPlan = plan;
            _lastStates = new Dictionary<string, LinkState>(states);
            _lastStates6 = new Dictionary<string, LinkState>(states6 ?? states);
        }

        return error is null ? ApplyResult.Ok(changes) : ApplyResult.Failed(error, changes);
    }

    /// <summary>Each link's conntrack deletion and sticky-set flush, all links at once.</summary>
    private async Task<IReadOnlyList<(KernelChange Change, string? Error)>> FlushAsync(IReadOnlyList<LinkFlush> flushes, KernelPlan plan, CancellationToken cancellationToken)
    {
        var ids = config.Links.Select(l => NftSyntax.Id(l.Name)).ToList();
        var declaredSets = plan.NftObjects.Where(o => o.Kind == NftObjectKind.Set).Select(o => o.Name).ToList();
        return await Task.WhenAll(flushes.Select(async flush =>
        {
            // A family's flush empties that family's sticky sets only (sticky_* IPv4, sticky6_* IPv6).
            var sets = flush.Family switch
            {
                global::System.Net.Sockets.AddressFamily.InterNetwork => declaredSets.Where(n => n.StartsWith("sticky_", StringComparison.Ordinal)),
                global::System.Net.Sockets.AddressFamily.InterNetworkV6 => declaredSets.Where(n => n.StartsWith("sticky6_", StringComparison.Ordinal)),
                _ => declaredSets,
            };
            var sticky = flush.FlushSticky
                ? cleaner.FlushStickyAsync(NftSyntax.Id(flush.Link.Name), ids, [.. sets], cancellationToken)
                : Task.FromResult<string?>(null);
            var (deleted, flushError) = await cleaner.FlushLinkAsync(flush.Link.Mark, config.Kernel.MarkMask, flush.Reason, cancellationToken, flush.Family).ConfigureAwait(false);
            var stickyError = await sticky.ConfigureAwait(false);
            var family = flush.Family switch
            {
                global::System.Net.Sockets.AddressFamily.InterNetwork => " -f ipv4",
                global::System.Net.Sockets.AddressFamily.InterNetworkV6 => " -f ipv6",
                _ => "",
            };
            var change = new KernelChange(KernelChangeKind.Conntrack, $"conntrack -D --mark 0x{flush.Link.Mark:x}/0x{config.Kernel.MarkMask:x}{family} ({deleted} deleted, {flush.Reason})");
            return (change, flushError ?? stickyError);
        })).ConfigureAwait(false);
    }
}
