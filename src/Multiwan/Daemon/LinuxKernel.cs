using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>
/// The real kernel through the one kernel I/O seam (<see cref="LinuxKernelIo"/>: libnftables, rtnetlink, ctnetlink,
/// no child process): <see cref="InterfaceFacts"/>, <see cref="KernelUpdater"/>, <see cref="KernelApplier.CleanupAsync"/>.
/// </summary>
internal sealed class LinuxKernel(IKernelIo io, ILogger logger) : IDaemonKernel
{
    private MultiwanConfig? _config;
    private KernelUpdater? _updater;
    private KernelApplier? _applier;

    public Task<FactsReadResult> ReadFactsAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts>? previous, CancellationToken cancellationToken) =>
        InterfaceFacts.ReadAsync(io, config, previous, cancellationToken);

    public Task<ApplyResult> ApplyAsync(
        MultiwanConfig config, KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkState> states6, CancellationToken cancellationToken) =>
        UpdaterFor(config).ApplyAsync(plan, states, cancellationToken, states6);

    public Task<string?> CheckCollisionsAsync(MultiwanConfig config, KernelPlan plan, CancellationToken cancellationToken) =>
        CollisionCheck.CheckAsync(io, config.Kernel, plan, cancellationToken);

    public Task<ApplyResult> CleanupAsync(MultiwanConfig config, CancellationToken cancellationToken)
    {
        UpdaterFor(config);
        return _applier!.CleanupAsync(cancellationToken);
    }

    /// <summary>One updater per config (it remembers the last plan and states, which belong to that config's links).</summary>
    private KernelUpdater UpdaterFor(MultiwanConfig config)
    {
        if (!ReferenceEquals(config, _config))
        {
            var previous = _updater?.LastStates;
            _config = config;
            _applier = new KernelApplier(io, config.Kernel, logger);
            _updater = new KernelUpdater(_applier, new ConntrackCleaner(io, logger), config);
            if (previous is not null)
            {
                // After a reload the kernel is still as the last apply left it: a link that goes down on the first
                // apply under the new config must still lose its conntrack entries.
                _updater.Prime(previous.Where(p => config.Links.Any(l => l.Name == p.Key)).ToDictionary());
            }
        }

        return _updater!;
    }
}
