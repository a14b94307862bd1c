using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// Probes one link in rounds: every target at once, each with its own adaptive timeout
/// (<see cref="RttEstimator"/>); a target that never answered waits as long as the slowest known one, so a dead
/// target does not stretch every round to <c>timeout_max</c>. Rounds start every <c>interval</c>, and every
/// <c>fast_interval</c> while <see cref="Fast"/> is set (the engine sets it from <see cref="LinkTracker.WantsFastProbing"/>
/// after each round) and right after the first failed round following a success (so the follow-up does not wait for
/// the engine). A link that keeps failing without <see cref="Fast"/> (offline) is probed at the calm interval.
/// Intervals are measured start to start.
/// </summary>
public sealed class LinkProber
{
    private readonly IProbe _probe;
    private readonly HealthConfig _health;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly RttEstimator[] _estimators;
    private volatile bool _fast;
    private TaskCompletionSource _wake = NewWake();

    public LinkProber(string link, LinkBinding binding, IReadOnlyList<ProbeTarget> targets, IProbe probe, HealthConfig health, TimeProvider timeProvider, ILogger? logger = null)
    {
        Link = link;
        Binding = binding;
        Targets = targets;
        _probe = probe;
        _health = health;
        _timeProvider = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _estimators = [.. targets.Select(_ => new RttEstimator(health.TimeoutMin, health.TimeoutMax))];
    }

    public string Link { get; }

    public LinkBinding Binding { get; }

    public IReadOnlyList<ProbeTarget> Targets { get; }

    /// <summary>Ask for fast rounds (set from any thread). A change wakes the current wait, which then re-plans the next round.</summary>
    public bool Fast
    {
        get => _fast;
        set
        {
            if (_fast != value)
            {
                _fast = value;
                Volatile.Read(ref _wake).TrySetResult();
            }
        }
    }

    /// <summary>The timeout the next round gives each target.</summary>
    public IReadOnlyList<TimeSpan> Timeouts()
    {
        var known = _estimators.Where(e => e.SmoothedRtt is not null).Select(e => e.Timeout).ToList();
        var unknown = known.Count == 0 ? _health.TimeoutMax : known.Max();
        return [.. _estimators.Select(e => e.SmoothedRtt is null ? unknown : e.Timeout)];
    }

    /// <summary>Probes until cancelled, writing every round to <paramref name="output"/>.</summary>
    public async Task RunAsync(ChannelWriter<RoundResult> output, CancellationToken cancellationToken)
    {
        Log.ProberStarted(_logger, Link, Targets.Count, Binding);
        var previousSucceeded = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _timeProvider.GetTimestamp();
            var round = await ProbeRoundAsync(cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(round, cancellationToken).ConfigureAwait(false);
            var succeeded = round.Succeeded(_health.MinTargets);
            await WaitForNextRoundAsync(started, firstMiss: previousSucceeded && !succeeded, cancellationToken).ConfigureAwait(false);
            previousSucceeded = succeeded;
        }
    }

    /// <summary>One round: all targets concurrently; completes when the last one answered or timed out.</summary>
    public async Task<RoundResult> ProbeRoundAsync(CancellationToken cancellationToken)
    {
        var timeouts = Timeouts();
        var outcomes = await Task.WhenAll(Targets.Select((t, i) => ProbeOneAsync(t, timeouts[i], cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i].IsAlive)
            {
                _estimators[i].Add(outcomes[i].Rtt);
            }
        }

        return new RoundResult(Link, _timeProvider.GetUtcNow(), [.. Targets.Select((t, i) => new TargetResult(t.Name, outcomes[i], t.Method == ProbeMethod.Arp))])
        {
            Ipv6 = Binding.Family == global::System.Net.Sockets.AddressFamily.InterNetworkV6,
        };
    }

    private async Task<ProbeOutcome> ProbeOneAsync(ProbeTarget target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProbeOutcome outcome;
        try
        {
            outcome = await _probe.ProbeAsync(target, Binding, timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A probe must return a value; an exception is a bug in it, and it must not stop the link's probing.
            Log.ProbeCrashed(_logger, e, Link, target.Name);
            outcome = ProbeOutcome.Error($"probe failed: {e.GetType().Name}: {e.Message}");
        }

        Log.Probed(_logger, Link, target.Name, Binding, timeout.TotalMilliseconds, outcome);
        return outcome;
    }

    private async Task WaitForNextRoundAsync(long started, bool firstMiss, CancellationToken cancellationToken)
    {
        while (true)
        {
            var interval = firstMiss || _fast ? _health.FastInterval : _health.Interval;
            var remaining = interval - _timeProvider.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            var wake = Volatile.Read(ref _wake);
            if (wake.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _wake, NewWake(), wake);
                continue;
            }

            // Cancellation sources: the caller's token, and ours to end the delay when woken.
            using var delayCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(remaining, _timeProvider, delayCancel.Token);
            var first = await Task.WhenAny(delay, wake.Task).ConfigureAwait(false);
            await delayCancel.CancelAsync().ConfigureAwait(false);
            if (first == delay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return;
            }
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
