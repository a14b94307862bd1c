using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The engine's view of the kernel (I/O seam): read facts, apply a plan (with conntrack hygiene), remove everything.</summary>
internal interface IDaemonKernel
{
    Task<FactsReadResult> ReadFactsAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts>? previous, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="plan"/> for <paramref name="config"/>; <paramref name="states"/> (and <paramref name="states6"/>, the
    /// dual-stack links' IPv6 states) drive the conntrack flush of links, or of one family of a link, that went down.
    /// </summary>
    Task<ApplyResult> ApplyAsync(
        MultiwanConfig config, KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkState> states6, CancellationToken cancellationToken);

    /// <summary>Null when the plan's tables, priorities and marks are free; else one line naming every collision.</summary>
    Task<string?> CheckCollisionsAsync(MultiwanConfig config, KernelPlan plan, CancellationToken cancellationToken);

    Task<ApplyResult> CleanupAsync(MultiwanConfig config, CancellationToken cancellationToken);
}
