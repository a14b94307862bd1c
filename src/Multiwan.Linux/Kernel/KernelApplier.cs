using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.System;

namespace Multiwan.Kernel;

/// <summary>
/// Makes the kernel match a <see cref="KernelPlan"/>: first the nft table in one <c>nft -f -</c> transaction
/// (stale chains and sets deleted in the same transaction; on failure the previous table stays), then routes and
/// rules reconciled against <c>ip -j</c> and sent as one <c>ip -batch -</c> of only the differences. Every change
/// is logged <c>[#] ...</c>. Routes or rules that still name an unknown fact are skipped (their current kernel
/// objects are left alone) so one link without a gateway never blocks the others.
/// </summary>
public sealed class KernelApplier(ICommandRunner runner, KernelConfig config, ILogger logger)
{
    /// <summary>The chains and sets our last successful transaction declared; null until then (the table is listed instead).</summary>
    private HashSet<(string Kind, string Name)>? _declared;

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
        var changes = new List<string>();

        // The ip reads run while nft applies (they do not depend on it); changes still go nft first, then ip.
        var routesTask = ReadOwnAsync(["ip", "-j", "route", "show", "table", "all", "proto", Proto], cancellationToken);
        var rulesTask = ReadOwnAsync(["ip", "-j", "rule", "show"], cancellationToken);
        var script = plan.NftScript;
        var stale = await StaleObjectsAsync(script, cancellationToken).ConfigureAwait(false);
        if (stale.Count > 0)
        {
            script = script.TrimEnd('\n') + "\n" + string.Join('\n', stale) + "\n";
        }

        var lines = script.Count(c => c == '\n');
        var nft = await runner.RunAsync(["nft", "-f", "-"], script, cancellationToken).ConfigureAwait(false);
        var routes = await routesTask.ConfigureAwait(false);
        var rules = await rulesTask.ConfigureAwait(false);
        if (!nft.Succeeded)
        {
            _declared = null; // Unknown again: list the table next time.
            return Fail(nft.Describe(), changes);
        }

        _declared = NftStaleObjects.Declared(plan.NftScript);
        Changed($"nft -f - ({lines} lines)", changes);
        var alongside = alongsideRoutes?.Invoke(cancellationToken) ?? Task.CompletedTask;
        try
        {
            return await ReconcileRoutesAsync(plan, routes, rules, changes, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Whatever the route step did, the work started alongside it is finished (and observed) before we return.
            await alongside.ConfigureAwait(false);
        }
    }

    private async Task<ApplyResult> ReconcileRoutesAsync(
        KernelPlan plan, (string Json, string? Error) routes, (string Json, string? Error) rules, List<string> changes, CancellationToken cancellationToken)
    {
        if ((routes.Error ?? rules.Error) is { } readError)
        {
            return Fail(readError, changes);
        }

        var skippedRoutes = plan.Routes.Where(RouteDiff.HasPlaceholder).ToList();
        var skippedRules = plan.Rules.Where(RouteDiff.HasPlaceholder).ToList();
        foreach (var skipped in skippedRoutes.Select(r => IpBatchRenderer.Route(r, config.Protocol)).Concat(skippedRules.Select(r => IpBatchRenderer.Rule(r, config.Protocol))))
        {
            KernelLog.Skipped(logger, "ip " + skipped);
        }

        var keepKeys = skippedRoutes.Select(r => RouteDiff.Key(IpJson.Normalize(r))).ToHashSet();
        var keepPriorities = skippedRules.Select(r => r.Priority).ToHashSet();
        var ownRoutes = IpJson.Routes(routes.Json).Select(o => o.Route).Where(r => !keepKeys.Contains(RouteDiff.Key(r)));
        var ownRules = IpJson.Rules(rules.Json).Where(o => o.Protocol == Proto).Select(o => o.Rule).Where(r => !keepPriorities.Contains(r.Priority));

        var commands = RouteDiff.Commands(
            plan.Routes.Where(r => !RouteDiff.HasPlaceholder(r)), ownRoutes,
            plan.Rules.Where(r => !RouteDiff.HasPlaceholder(r)), ownRules, config.Protocol);
        if (commands.Count == 0)
        {
            KernelLog.NoChange(logger, plan.Routes.Count, plan.Rules.Count);
            return ApplyResult.Ok(changes);
        }

        return await BatchAsync(commands, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes exactly what multiwan owns: its nft table and every route and rule tagged with its protocol.</summary>
    public async Task<ApplyResult> CleanupAsync(CancellationToken cancellationToken)
    {
        var changes = new List<string>();
        var list = await runner.RunAsync(["nft", "list", "table", "inet", "multiwan"], null, cancellationToken).ConfigureAwait(false);
        if (list.Succeeded)
        {
            var delete = await runner.RunAsync(["nft", "delete", "table", "inet", "multiwan"], null, cancellationToken).ConfigureAwait(false);
            if (!delete.Succeeded)
            {
                return Fail(delete.Describe(), changes);
            }

            Changed("nft delete table inet multiwan", changes);
            _declared = null;
        }

        var routes = await ReadOwnAsync(["ip", "-j", "route", "show", "table", "all", "proto", Proto], cancellationToken).ConfigureAwait(false);
        var rules = await ReadOwnAsync(["ip", "-j", "rule", "show"], cancellationToken).ConfigureAwait(false);
        if ((routes.Error ?? rules.Error) is { } readError)
        {
            return Fail(readError, changes);
        }

        var commands = RouteDiff.Commands([], IpJson.Routes(routes.Json).Select(o => o.Route), [], IpJson.Rules(rules.Json).Where(o => o.Protocol == Proto).Select(o => o.Rule), config.Protocol);
        return commands.Count == 0 ? ApplyResult.Ok(changes) : await BatchAsync(commands, changes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>delete</c> lines for chains and sets that exist (as we last left them, or as listed) but the new script lacks.</summary>
    private async Task<IReadOnlyList<string>> StaleObjectsAsync(string script, CancellationToken cancellationToken)
    {
        if (_declared is not null)
        {
            var wanted = NftStaleObjects.Declared(script);
            return [.. _declared.Except(wanted).OrderBy(o => o.Kind == "chain" ? 0 : 1).Select(o => $"delete {o.Kind} {NftStaleObjects.Table} {o.Name}")];
        }

        var current = await runner.RunAsync(["nft", "-j", "list", "table", "inet", "multiwan"], null, cancellationToken).ConfigureAwait(false);
        return current.Succeeded ? NftStaleObjects.DeleteCommands(current.Stdout, script) : [];
    }

    private string Proto => config.Protocol.ToString(global::System.Globalization.CultureInfo.InvariantCulture);

    private async Task<ApplyResult> BatchAsync(IReadOnlyList<string> commands, List<string> changes, CancellationToken cancellationToken)
    {
        // -force: one failing line (a device that vanished) does not stop the others; the failure is still reported.
        var batch = await runner.RunAsync(["ip", "-force", "-batch", "-"], string.Join('\n', commands) + "\n", cancellationToken).ConfigureAwait(false);
        foreach (var command in commands)
        {
            Changed("ip " + command, changes);
        }

        return batch.Succeeded ? ApplyResult.Ok(changes) : Fail(batch.Describe(), changes);
    }

    private async Task<(string Json, string? Error)> ReadOwnAsync(IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(argv, null, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? (result.Stdout, null) : ("", result.Describe());
    }

    private void Changed(string command, List<string> changes)
    {
        KernelLog.Change(logger, command);
        changes.Add(command);
    }

    private ApplyResult Fail(string error, List<string> changes)
    {
        KernelLog.ApplyFailed(logger, error);
        return ApplyResult.Failed(error, changes);
    }
}
