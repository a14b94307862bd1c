using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Multiwan.Events;

/// <summary>
/// One bounded queue and the one background task that consumes it, owned by the sink that creates it (the hook
/// runner, the mailer, each webhook). <see cref="Enqueue"/> never blocks.
/// <para>Overflow policy, the same for every sink: <b>drop-oldest</b>. When <c>capacity</c> items are waiting, the
/// oldest waiting item is discarded to make room for the new one; each drop is counted (<see cref="Dropped"/>) and
/// logged. A sink that has fallen that far behind should report the latest state, not a stale one.</para>
/// <para>Consumption: one item per call, or, with a <c>gather</c> step (mail's aggregation window and rate limit),
/// everything queued once the step is over. A call that throws is logged and the worker goes on with the next
/// items. Disposing stops taking items, cancels the call in flight and discards what still waits.</para>
/// </summary>
public sealed class QueueWorker<T> : IAsyncDisposable
{
    private readonly string _name;
    private readonly int _capacity;
    private readonly ILogger _logger;
    private readonly Func<IReadOnlyList<T>, CancellationToken, Task> _consume;
    private readonly Func<CancellationToken, Task>? _gather;
    private readonly Func<T, string> _describe;
    private readonly Channel<T> _queue;
    private readonly CancellationTokenSource _stopping = new();
    private long _dropped;
    private Task? _loop;

    /// <param name="name">How the logs name this queue (<c>hooks</c>, <c>mail</c>, <c>webhook ops</c>).</param>
    /// <param name="consume">Handles one item (or, with <paramref name="gather"/>, a batch); the token is cancelled on dispose.</param>
    /// <param name="gather">Awaited before each batch is taken; null for one item per call.</param>
    /// <param name="describe">Names a dropped item in the log.</param>
    public QueueWorker(
        string name,
        int capacity,
        ILogger logger,
        Func<IReadOnlyList<T>, CancellationToken, Task> consume,
        Func<T, string> describe,
        Func<CancellationToken, Task>? gather = null)
    {
        _name = name;
        _capacity = capacity;
        _logger = logger;
        _consume = consume;
        _describe = describe;
        _gather = gather;
        var options = new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest };
        _queue = Channel.CreateBounded<T>(options, OnDropped);
    }

    /// <summary>Items discarded by the overflow policy since the worker was created.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <summary>Queues the item; false when the oldest waiting item was dropped to make room.</summary>
    public bool Enqueue(T item)
    {
        var before = Dropped;
        return _queue.Writer.TryWrite(item) && Dropped == before;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private void OnDropped(T item) =>
        QueueLog.Dropped(_logger, _name, _capacity, _describe(item), Interlocked.Increment(ref _dropped));

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                if (_gather is not null)
                {
                    await _gather(token).ConfigureAwait(false);
                }

                var batch = new List<T>();
                while ((_gather is not null || batch.Count == 0) && _queue.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                try
                {
                    await _consume(batch, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One item's failure must not end the queue.
                    QueueLog.Failed(_logger, _name, batch.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Disposed: what still waits is not handled.
        }
    }
}
