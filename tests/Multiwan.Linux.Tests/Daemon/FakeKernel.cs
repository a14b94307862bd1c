using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>Records every apply; can hold an apply until released (to pile up a burst behind it).</summary>
internal sealed class FakeKernel : IDaemonKernel
{
    private readonly Lock _lock = new();
    private readonly global::System.Collections.Concurrent.ConcurrentDictionary<string, int> _numbers = new();
    private TaskCompletionSource? _gate;
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<IReadOnlyDictionary<string, LinkState>> Applies { get; } = [];

    public List<KernelPlan> Plans { get; } = [];

    /// <summary>Devices whose carrier the facts report as down.</summary>
    public HashSet<string> Down { get; } = [];

    /// <summary>Devices the facts report without an address (it was removed).</summary>
    public HashSet<string> NoAddress { get; } = [];

    public int Cleanups { get; private set; }

    public void Hold()
    {
        _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes once an apply is waiting at the gate <see cref="Hold"/> set up.</summary>
    public Task Held => _held.Task;

    public void Release() => _gate?.TrySetResult();

    public IReadOnlyDictionary<string, LinkState> LastApply
    {
        get
        {
            lock (_lock)
            {
                return Applies[^1];
            }
        }
    }

    public int ApplyCount
    {
        get
        {
            lock (_lock)
            {
                return Applies.Count;
            }
        }
    }

    /// <summary>The next fact reads throw this many times (a tool printing something unparsable).</summary>
    public int FactsThrow { get; set; }

    public Task<FactsReadResult> ReadFactsAsync(MultiwanConfig config, IReadOnlyDictionary<string, LinkFacts>? previous, CancellationToken cancellationToken)
    {
        if (FactsThrow > 0)
        {
            FactsThrow--;
            throw new global::System.Text.Json.JsonException("'<' is an invalid start of a value");
        }

        // Each interface keeps its numbers (first seen: 1, 2, ...) whatever its position after a reload.
        var facts = config.Links.Select(l => (l.Name, Number: _numbers.GetOrAdd(l.Interface, _ => _numbers.Count + 1), l.Interface)).Select(x => (x.Name, Facts: new LinkFacts
        {
            Device = x.Interface,
            Address = NoAddress.Contains(x.Interface) ? null : IPAddress.Parse($"100.64.{x.Number}.2"),
            NoAddress = NoAddress.Contains(x.Interface),
            PrefixLength = 24,
            Gateway = IPAddress.Parse($"100.64.{x.Number}.254"),
            Up = !Down.Contains(x.Interface),
        })).ToDictionary(x => x.Name, x => x.Facts);
        return Task.FromResult(new FactsReadResult(facts, null));
    }

    public async Task<ApplyResult> ApplyAsync(
        MultiwanConfig config, KernelPlan plan, IReadOnlyDictionary<string, LinkState> states, IReadOnlyDictionary<string, LinkState> states6, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Applies.Add(new Dictionary<string, LinkState>(states));
            Plans.Add(plan);
        }

        if (_gate is { } gate)
        {
            _held.TrySetResult();
            await gate.Task;
            _gate = null;
        }

        return ApplyResult.Ok([new KernelChange(KernelChangeKind.Nft, "nft -f - (fake)")]);
    }

    /// <summary>What the collision check reports (null: nothing in the way).</summary>
    public string? Collision { get; set; }

    public Task<string?> CheckCollisionsAsync(MultiwanConfig config, KernelPlan plan, CancellationToken cancellationToken) => Task.FromResult(Collision);

    public Task<ApplyResult> CleanupAsync(MultiwanConfig config, CancellationToken cancellationToken)
    {
        Cleanups++;
        return Task.FromResult(ApplyResult.Ok([new KernelChange(KernelChangeKind.Nft, "nft delete table inet multiwan")]));
    }
}
