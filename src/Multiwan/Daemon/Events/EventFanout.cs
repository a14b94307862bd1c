using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Daemon;

/// <summary>
/// The publish stage: every event goes to the journal, the log and live monitors; state events also to the sinks
/// (hooks, mail, webhooks), each on its own queue, so nothing here blocks the loop. Owns the sinks, which a reload
/// replaces (hooks only when their settings changed: a replaced runner cancels the hook in flight).
/// </summary>
internal sealed class EventFanout(EventJournal journal, IEventSinkFactory factory, ILogger logger) : IAsyncDisposable
{
    private readonly Lock _monitorLock = new();
    private readonly List<Channel<LinkEvent>> _monitors = [];
    private IEventSink? _hooks;
    private IEventSink? _notifications;

    public void Start(MultiwanConfig config)
    {
        _hooks = factory.Hooks(config);
        _notifications = factory.Notifications(config);
    }

    /// <param name="sinks">False for the daemon's own bookkeeping (start, stop, reload) that hooks and mail do not get.</param>
    public void Publish(LinkEvent linkEvent, bool sinks)
    {
        journal.Append(linkEvent);
        DaemonLog.Event(logger, EventText.Line(linkEvent));
        if (sinks)
        {
            _hooks?.Enqueue(linkEvent);
            _notifications?.Enqueue(linkEvent);
        }

        lock (_monitorLock)
        {
            foreach (var monitor in _monitors)
            {
                monitor.Writer.TryWrite(linkEvent);
            }
        }
    }

    public async Task ReplaceSinksAsync(MultiwanConfig previous, MultiwanConfig next)
    {
        if (previous.Hooks != next.Hooks || previous.Notifications.Email?.To.FirstOrDefault() != next.Notifications.Email?.To.FirstOrDefault())
        {
            var hooks = _hooks;
            _hooks = factory.Hooks(next);
            await DisposeAsync(hooks).ConfigureAwait(false);
        }

        var notifications = _notifications;
        _notifications = factory.Notifications(next);
        await DisposeAsync(notifications).ConfigureAwait(false);
    }

    /// <summary>Live events from now on (at most 256 waiting per monitor, the oldest dropped), until the caller cancels or the daemon stops.</summary>
    public async IAsyncEnumerable<LinkEvent> MonitorAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LinkEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_monitorLock)
        {
            _monitors.Add(channel);
        }

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_monitorLock)
            {
                _monitors.Remove(channel);
            }
        }
    }

    /// <summary>Ends every monitor stream and stops the sinks (hooks still queued are not run).</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_monitorLock)
        {
            foreach (var monitor in _monitors)
            {
                monitor.Writer.TryComplete();
            }
        }

        await DisposeAsync(_hooks).ConfigureAwait(false);
        await DisposeAsync(_notifications).ConfigureAwait(false);
    }

    private static ValueTask DisposeAsync(IEventSink? sink) => sink?.DisposeAsync() ?? ValueTask.CompletedTask;
}
