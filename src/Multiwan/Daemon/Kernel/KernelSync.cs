using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The kernel stage: keeps the kernel in step with the plans the loop hands it, through <see cref="IDaemonKernel"/>.
/// Owns coalescing (requests only mark facts or the plan dirty; the loop settles once per burst), the start-up
/// grace (fail-static: no apply while a link is still in its start-up <c>connecting</c>, until the grace ends), the
/// collision check before a config's first apply, the retry timer after a failure, and the pre-run/post-run scripts around the first apply.
/// </summary>
internal sealed class KernelSync(IDaemonKernel kernel, Action<EngineMessage> post, TimeSpan retry, TimeProvider time, ILogger logger) : IDisposable
{
    private bool _factsDirty;
    private bool _applyDirty;
    private bool _graceOver;
    private MultiwanConfig? _collisionsCheckedFor;
    private ITimer? _startupTimer;
    private ITimer? _retryTimer;

    /// <summary>hooks.pre_run before the first apply, hooks.post_run after the first that succeeded.</summary>
    private readonly Hooks.StageScripts _stages = new(logger, time);

    /// <summary>True until the first apply (the start-up grace).</summary>
    public bool Starting { get; private set; } = true;

    public KernelPlan? LastPlan { get; private set; }

    /// <summary>Why the last apply failed; null after a success.</summary>
    public string? Error { get; private set; }

    public int Applies { get; private set; }

    public int Failures { get; private set; }

    public bool ApplyPending => _applyDirty;

    /// <summary>
    /// How long the first apply may wait for every link to leave its start-up <c>connecting</c> state: enough rounds
    /// for the up or down threshold at the fast interval, each with its longest timeout, plus a second.
    /// </summary>
    public static TimeSpan StartupGrace(MultiwanConfig config) => config.Links.Count == 0 ? TimeSpan.Zero : config.Links.Max(l =>
        (l.Health.FastInterval + l.Health.TimeoutMax) * Math.Max(l.Health.UpAfter, l.Health.DownAfter)) + TimeSpan.FromSeconds(1);

    public void Start(MultiwanConfig config)
    {
        _startupTimer = time.CreateTimer(_ => post(new EngineMessage.StartupGraceOver()), null, StartupGrace(config), Timeout.InfiniteTimeSpan);
        _factsDirty = _applyDirty = true;
    }

    /// <summary>Re-read the facts, then re-plan (an address or route changed, a retry is due, a reload).</summary>
    public void RequestFacts() => _factsDirty = _applyDirty = true;

    /// <summary>Re-plan and apply (a link changed state, one of our routes vanished).</summary>
    public void RequestApply() => _applyDirty = true;

    public void Request(NetlinkRouting.Need need)
    {
        if (need == NetlinkRouting.Need.Facts)
        {
            RequestFacts();
        }
        else if (need == NetlinkRouting.Need.Apply)
        {
            RequestApply();
        }
    }

    public void GraceOver() => _graceOver = _applyDirty = true;

    /// <summary>The facts, when a read was requested: null when none was, the previous ones when the read failed (logged).</summary>
    public async Task<IReadOnlyDictionary<string, LinkFacts>?> ReadFactsAsync(
        MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts> previous, CancellationToken cancellationToken)
    {
        if (!_factsDirty)
        {
            return null;
        }

        _factsDirty = false;
        var read = await kernel.ReadFactsAsync(config, previous, cancellationToken).ConfigureAwait(false);
        if (read.Error is null)
        {
            return read.Facts;
        }

        DaemonLog.FactsFailed(logger, read.Error);
        return previous;
    }

    /// <summary>True when an apply was requested and may run now; consumes the request.</summary>
    /// <param name="states">Every tracked state (both families of a dual-stack link).</param>
    public bool TakeApply(IEnumerable<LinkState> states)
    {
        if (!_applyDirty)
        {
            return false;
        }

        _applyDirty = false;
        if (Starting)
        {
            // Fail-static start: what a previous run left keeps working (its connections keep their link) until
            // every link's state is known; applying "connecting" links would re-route their live connections.
            if (!_graceOver && states.Any(s => s == LinkState.Connecting))
            {
                return false;
            }

            Starting = false;
            _startupTimer?.Dispose();
        }

        return true;
    }

    public async Task ApplyAsync(
        MultiwanConfig config, KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkState> states6, CancellationToken cancellationToken)
    {
        await _stages.PreRunAsync(config.Hooks, cancellationToken).ConfigureAwait(false);
        var result = await CheckedApplyAsync(config, plan, states, states6, cancellationToken).ConfigureAwait(false);
        Applies++;
        LastPlan = plan;
        if (result.Succeeded)
        {
            Error = null;
            _retryTimer?.Dispose();
            _retryTimer = null;
            _stages.StartPostRun(config.Hooks);
            DaemonLog.Applied(logger, result.Changes.Count, string.Join(", ", states.Select(s => $"{s.Key} {EventText.StateName(s.Value)}{(states6.TryGetValue(s.Key, out var v6) ? $" (IPv6 {EventText.StateName(v6)})" : "")}")));
        }
        else
        {
            Error = result.Error ?? "unknown error";
            Failures++;
            DaemonLog.ApplyFailed(logger, retry, Error);
            ArmRetry();
        }
    }

    /// <summary>An unexpected failure (a tool's output we cannot parse, a bug): shown in status and retried; the last kernel state stays.</summary>
    public void Failed(Exception e)
    {
        DaemonLog.MessageFailed(logger, e, "kernel update");
        Error = $"{e.GetType().Name}: {e.Message}";
        ArmRetry();
    }

    public Task<ApplyResult> CleanupAsync(MultiwanConfig config) => kernel.CleanupAsync(config, CancellationToken.None);

    public void Dispose()
    {
        _stages.Dispose();
        _retryTimer?.Dispose();
        _startupTimer?.Dispose();
    }

    /// <summary>Before the first apply of a config, refuses (and keeps retrying) while another tool uses our tables, priorities or marks.</summary>
    private async Task<ApplyResult> CheckedApplyAsync(
        MultiwanConfig config, KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkState> states6, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(_collisionsCheckedFor, config))
        {
            if (await kernel.CheckCollisionsAsync(config, plan, cancellationToken).ConfigureAwait(false) is { } collision)
            {
                return ApplyResult.Failed($"kernel resources already in use, nothing changed: {collision}", []);
            }

            _collisionsCheckedFor = config;
        }

        return await kernel.ApplyAsync(config, plan, states, states6, cancellationToken).ConfigureAwait(false);
    }

    private void ArmRetry()
    {
        _retryTimer?.Dispose();
        _retryTimer = time.CreateTimer(_ => post(new EngineMessage.ApplyDue()), null, retry, Timeout.InfiniteTimeSpan);
    }
}
