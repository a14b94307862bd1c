using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>
/// One writer's view of the kernel: applies each new plan, then (only when the apply succeeded) deletes the
/// conntrack entries and sticky entries of links that went down, and of metered links on failback. Remembers the
/// last plan and states it applied, so the daemon just hands over (plan, states).
/// </summary>
public sealed class KernelUpdater(KernelApplier applier, ConntrackCleaner cleaner, MultiwanConfig config)
{
    private KernelPlan? _lastPlan;
    private IReadOnlyDictionary<string, LinkState>? _lastStates;

    /// <summary>States the kernel is assumed to be in before the first apply (a one-shot apply starts from "every link up").</summary>
    public void Prime(IReadOnlyDictionary<string, LinkState> states) => _lastStates = new Dictionary<string, LinkState>(states);

    public async Task<ApplyResult> ApplyAsync(KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var result = await applier.ApplyAsync(plan, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return result;
        }

        // Each link's conntrack deletion and sticky-set flush are independent of the others': run them together.
        var ids = config.Links.Select(l => NftSyntax.Id(l.Name)).ToList();
        var declaredSets = NftStaleObjects.Declared(plan.NftScript).Where(o => o.Kind == "set").Select(o => o.Name).ToList();
        var flushes = ConntrackHygiene.LinksToFlush(config, _lastStates, states, _lastPlan, plan);
        var work = flushes.Select(async flush =>
        {
            var sticky = flush.Reason == "link down"
                ? cleaner.FlushStickyAsync(NftSyntax.Id(flush.Link.Name), ids, declaredSets, cancellationToken)
                : Task.FromResult<string?>(null);
            var (deleted, flushError) = await cleaner.FlushLinkAsync(flush.Link.Mark, config.Kernel.MarkMask, flush.Reason, cancellationToken).ConfigureAwait(false);
            var line = $"conntrack -D --mark 0x{flush.Link.Mark:x}/0x{config.Kernel.MarkMask:x} ({deleted} deleted, {flush.Reason})";
            var stickyError = await sticky.ConfigureAwait(false);
            return (Line: line, Error: flushError ?? stickyError);
        });
        var done = await Task.WhenAll(work).ConfigureAwait(false);
        var changes = result.Changes.Concat(done.Select(d => d.Line)).ToList();
        var error = done.Select(d => d.Error).FirstOrDefault(e => e is not null);

        _lastPlan = plan;
        _lastStates = new Dictionary<string, LinkState>(states);
        return error is null ? ApplyResult.Ok(changes) : ApplyResult.Failed(error, changes);
    }
}
