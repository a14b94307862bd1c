using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Kernel.Nft;

namespace Multiwan.Kernel;

/// <summary>
/// Makes the kernel match a <see cref="KernelPlan"/>: first the nft table in one libnftables transaction (stale
/// chains and sets deleted in the same transaction; on failure the previous table stays), then routes and rules
/// reconciled against an rtnetlink dump, only the differences sent as rtnetlink messages. Every change is logged
/// <c>[#] ...</c> as the command an operator could type. Routes or rules that still name an unknown fact are
/// skipped (their current kernel objects are left alone) so one link without a gateway never blocks the others.
/// </summary>
public sealed class KernelApplier(IKernelIo io, KernelConfig config, ILogger logger)
{
    /// <summary>The chains and sets our last successful transaction declared; null until then (the table is listed instead).</summary>
    private IReadOnlyList<NftObject>? _declared;

    /// <summary>The nft tables multiwan owns: routing, and the firewall's (docs/KERNEL.md).</summary>
    private static readonly string[] OwnTables = ["inet multiwan", "ip multiwan_fw"];

    public KernelConfig Config => config;

    public Task<ApplyResult> ApplyAsync(KernelPlan plan, CancellationToken cancellationToken) =>
        ApplyAsync(plan, alongsideRoutes: null, cancellationToken);

    /// <summary>
    /// Applies <paramref name="plan"/>; once its nft transaction is in, <paramref name="alongsideRoutes"/> (when given)
    /// runs while the routes and rules are reconciled, and is awaited before this returns.
    /// </summary>
    public async Task<ApplyResult> ApplyAsync(KernelPlan plan, Func<CancellationToken, Task>? alongsideRoutes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var changes = new List<KernelChange>();
        var routes = await io.ReadRoutesAsync(cancellationToken).ConfigureAwait(false);
        var rules = await io.ReadRulesAsync(cancellationToken).ConfigureAwait(false);
        // One transaction for both tables and the user's snippets: the firewall's (or its removal) goes in or fails with the routing one.
        var script = plan.NftScript + plan.FirewallScript + plan.SnippetScript;
        var stale = await StaleObjectsAsync(plan, cancellationToken).ConfigureAwait(false);
        if (stale.Count > 0)
        {
            script = script.TrimEnd('\n') + "\n" + string.Join('\n', stale) + "\n";
        }

        var nft = await io.NftAsync(script, NftMode.Apply, cancellationToken).ConfigureAwait(false);
        if (!nft.Succeeded)
        {
            _declared = null; // Unknown again: list the table next time.
            return Fail(SnippetFault.Describe(plan, nft) ?? nft.Describe("nft -f -"), changes);
        }

        _declared = plan.NftObjects;
        Changed(KernelChangeKind.Nft, $"nft -f - ({script.Count(c => c == '\n')} lines)", changes);
        var alongside = alongsideRoutes?.Invoke(cancellationToken) ?? Task.CompletedTask;
        try
        {
            if ((routes.Error ?? rules.Error) is { } readError)
            {
                return Fail(readError, changes);
            }

            return await ReconcileAsync(plan, routes.Routes, rules.Rules, changes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the route step did, the work started alongside it is finished (and observed) before we return.
            await alongside.ConfigureAwait(false);
        }
    }

    /// <summary>Removes exactly what multiwan owns: its nft tables (routing and firewall) and every route and rule tagged with its protocol.</summary>
    public async Task<ApplyResult> CleanupAsync(CancellationToken cancellationToken)
    {
        var changes = new List<KernelChange>();
        foreach (var table in OwnTables)
        {
            var list = await io.NftAsync($"list table {table}", NftMode.Json, cancellationToken).ConfigureAwait(false);
            if (!list.Succeeded)
            {
                continue;
            }

            var delete = await io.NftAsync($"delete table {table}", NftMode.Apply, cancellationToken).ConfigureAwait(false);
            if (!delete.Succeeded)
            {
                return Fail(delete.Describe($"nft delete table {table}"), changes);
            }

            Changed(KernelChangeKind.Nft, $"nft delete table {table}", changes);
            _declared = null;
        }

        var routes = await io.ReadRoutesAsync(cancellationToken).ConfigureAwait(false);
        var rules = await io.ReadRulesAsync(cancellationToken).ConfigureAwait(false);
        if ((routes.Error ?? rules.Error) is { } readError)
        {
            return Fail(readError, changes);
        }

        var gone = RouteDiff.Changes([], Own(routes.Routes), [], Own(rules.Rules), config.Protocol);
        return await SendAsync(gone, changes, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApplyResult> ReconcileAsync(
        KernelPlan plan, IReadOnlyList<KernelRoute> routes, IReadOnlyList<KernelRule> rules, List<KernelChange> changes, CancellationToken cancellationToken)
    {
        var skippedRoutes = plan.Routes.Where(RouteDiff.HasPlaceholder).ToList();
        var skippedRules = plan.Rules.Where(RouteDiff.HasPlaceholder).ToList();
        foreach (var skipped in skippedRoutes.Select(r => IpBatchRenderer.Command(r, config.Protocol)).Concat(skippedRules.Select(r => IpBatchRenderer.Command(r, config.Protocol))))
        {
            KernelLog.Skipped(logger, "ip " + skipped);
        }

        var keepKeys = skippedRoutes.Select(r => RouteDiff.Key(RouteNormal.Normalize(r))).ToHashSet();
        var keepPriorities = skippedRules.Select(r => (r.Ipv6, r.Priority)).ToHashSet();
        var diff = RouteDiff.Changes(
            plan.Routes.Where(r => !RouteDiff.HasPlaceholder(r)), Own(routes).Where(r => !keepKeys.Contains(RouteDiff.Key(r))),
            plan.Rules.Where(r => !RouteDiff.HasPlaceholder(r)), Own(rules).Where(r => !keepPriorities.Contains((r.Ipv6, r.Priority))), config.Protocol);
        if (diff.Count == 0)
        {
            KernelLog.NoChange(logger, plan.Routes.Count, plan.Rules.Count);
            return ApplyResult.Ok(changes);
        }

        return await SendAsync(diff, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every change is tried (one failing, say a device that vanished, does not stop the others); the first failure is reported.</summary>
    private async Task<ApplyResult> SendAsync(IReadOnlyList<RouteChange> diff, List<KernelChange> changes, CancellationToken cancellationToken)
    {
        if (diff.Count == 0)
        {
            return ApplyResult.Ok(changes);
        }

        var answers = await io.ChangeRoutesAsync(diff, config.Protocol, cancellationToken).ConfigureAwait(false);
        string? error = null;
        for (var i = 0; i < diff.Count; i++)
        {
            Changed(diff[i].ChangeKind, "ip " + diff[i].Text, changes);
            if (answers[i] is { } answer)
            {
                error ??= $"`ip {diff[i].Text}`: {answer}";
            }
        }

        var failed = answers.Count(a => a is not null);
        return error is null ? ApplyResult.Ok(changes) : Fail(failed > 1 ? $"{error} (and {failed - 1} more)" : error, changes);
    }

    /// <summary><c>delete</c> lines for chains and sets that exist (as we last left them, or as listed) but the new plan lacks.</summary>
    private async Task<IReadOnlyList<string>> StaleObjectsAsync(KernelPlan plan, CancellationToken cancellationToken)
    {
        if (_declared is not null)
        {
            return NftStaleObjects.DeleteCommands(_declared, plan.NftObjects);
        }

        var current = await io.NftAsync("list table inet multiwan", NftMode.Json, cancellationToken).ConfigureAwait(false);
        return current.Succeeded ? NftStaleObjects.DeleteCommands(NftStaleObjects.Listed(current.Output), plan.NftObjects) : [];
    }

    private IEnumerable<PlannedRoute> Own(IEnumerable<KernelRoute> routes) => routes.Where(r => r.Protocol == config.Protocol).Select(r => r.Route);

    private IEnumerable<PlannedRule> Own(IEnumerable<KernelRule> rules) => rules.Where(r => r.Protocol == config.Protocol).Select(r => r.Rule);

    private void Changed(KernelChangeKind kind, string command, List<KernelChange> changes)
    {
        KernelLog.Change(logger, command);
        changes.Add(new KernelChange(kind, command));
    }

    private ApplyResult Fail(string error, List<KernelChange> changes)
    {
        KernelLog.ApplyFailed(logger, error);
        return ApplyResult.Failed(error, changes);
    }
}
