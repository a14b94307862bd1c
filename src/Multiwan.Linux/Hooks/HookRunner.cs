using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Hooks;

/// <summary>
/// Runs the executables of <c>HOOKS/EVENT.d/</c> in name order, one at a time, on its own <see cref="QueueWorker{T}"/>
/// (drop-oldest when <c>capacity</c> events wait), so a slow hook delays only later hooks, never detection or the
/// kernel apply. Never through a shell. Every directory and file is checked with <see cref="StrictModes"/> before each run.
/// </summary>
public sealed class HookRunner : IEventSink
{
    public const int DefaultCapacity = 128;

    private readonly HooksConfig _config;
    private readonly string? _email;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly QueueWorker<LinkEvent> _queue;

    /// <param name="email">lsm's 5th argument (the address notified), when lsm arguments are on.</param>
    public HookRunner(HooksConfig config, string? email, ILogger logger, TimeProvider timeProvider, int capacity = DefaultCapacity)
    {
        _config = config;
        _email = email;
        _logger = logger;
        _timeProvider = timeProvider;
        _queue = new QueueWorker<LinkEvent>("hooks", capacity, logger, (batch, token) => RunHooksAsync(batch[0], token), e => $"{HookArguments.EventName(e)} {e.Link}");
    }

    public void Start() => _queue.Start();

    /// <summary>Queues the event's hooks (events without hooks are ignored); false when an older event's hooks were dropped to make room.</summary>
    public bool Enqueue(LinkEvent linkEvent) => HookArguments.EventName(linkEvent) is null || _queue.Enqueue(linkEvent);

    /// <summary>Runs the event's hooks now and waits for them (the loop's body; tests call it directly).</summary>
    public Task<IReadOnlyList<HookResult>> RunHooksAsync(LinkEvent linkEvent, CancellationToken cancellationToken)
    {
        if (HookArguments.EventName(linkEvent) is not { } name)
        {
            return Task.FromResult<IReadOnlyList<HookResult>>([]);
        }

        var directory = Path.Combine(_config.Directory, name + ".d");
        var argv = _config.LsmArguments ? HookArguments.Lsm(name, linkEvent, _email) : HookArguments.Native(name, linkEvent);
        var call = new HookCall(name, linkEvent.Link, argv, HookArguments.Environment(name, linkEvent));
        return HookDirectory.RunAsync([_config.Directory, directory], directory, call, _config.Timeout, _timeProvider, _logger, cancellationToken);
    }

    public ValueTask DisposeAsync() => _queue.DisposeAsync();
}
