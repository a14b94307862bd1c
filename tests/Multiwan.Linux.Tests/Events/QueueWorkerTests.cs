using Multiwan.Support;

namespace Multiwan.Events;

public sealed class QueueWorkerTests
{
    private readonly ListLogger _logger = new();
    private readonly List<IReadOnlyList<int>> _calls = [];

    private QueueWorker<int> Worker(int capacity, Func<IReadOnlyList<int>, CancellationToken, Task> consume, Func<CancellationToken, Task>? gather = null) =>
        new("test", capacity, _logger, consume, i => $"item {i}", gather);

    private async Task Record(IReadOnlyList<int> batch, Task gate)
    {
        lock (_calls)
        {
            _calls.Add(batch);
        }

        await gate;
    }

    [Fact]
    public async Task Enqueue_never_waits_for_a_stuck_consumer_and_a_full_queue_drops_the_oldest_counted_and_logged()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = Worker(2, async (batch, token) =>
        {
            first.TrySetResult();
            await Record(batch, batch[0] == 0 ? gate.Task : Task.CompletedTask);
            if (batch[0] == 3)
            {
                last.SetResult();
            }
        });
        worker.Start();

        Assert.True(worker.Enqueue(0));
        await first.Task.WaitAsync(TimeSpan.FromSeconds(10)); // 0 is in flight, stuck.
        Assert.True(worker.Enqueue(1));
        Assert.True(worker.Enqueue(2));
        Assert.False(worker.Enqueue(3)); // Full: 1, the oldest waiting, makes room.

        Assert.Equal(1, worker.Dropped);
        Assert.Contains("test queue full (2 waiting): dropped the oldest (item 1); 1 dropped since start", _logger.All, StringComparison.Ordinal);
        gate.SetResult();
        await last.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([[0], [2], [3]], _calls);
    }

    [Fact]
    public async Task Items_are_handled_one_at_a_time_in_order_and_a_failure_is_logged_without_ending_the_queue()
    {
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = Worker(10, async (batch, token) =>
        {
            await Record(batch, Task.CompletedTask);
            if (batch[0] == 2)
            {
                throw new InvalidOperationException("boom");
            }

            if (batch[0] == 3)
            {
                all.SetResult();
            }
        });
        worker.Start();

        foreach (var i in (int[])[1, 2, 3])
        {
            Assert.True(worker.Enqueue(i));
        }

        await all.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal([[1], [2], [3]], _calls);
        Assert.Contains("test: 1 queued item(s) failed: boom", _logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_gather_step_everything_queued_meanwhile_is_one_batch()
    {
        var gather = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gathering = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = Worker(
            10,
            async (batch, token) =>
            {
                await Record(batch, Task.CompletedTask);
                handled.TrySetResult();
            },
            token =>
            {
                gathering.TrySetResult();
                return gather.Task;
            });
        worker.Start();

        worker.Enqueue(1);
        await gathering.Task.WaitAsync(TimeSpan.FromSeconds(10));
        worker.Enqueue(2);
        worker.Enqueue(3);
        gather.SetResult();
        await handled.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([[1, 2, 3]], _calls);
    }

    [Fact]
    public async Task Dispose_cancels_the_item_in_flight_and_discards_what_waits()
    {
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        var worker = Worker(10, async (batch, token) =>
        {
            await Record(batch, Task.CompletedTask);
            inFlight.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }
        });
        worker.Start();
        worker.Enqueue(1);
        worker.Enqueue(2);
        await inFlight.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await worker.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(cancelled);
        Assert.Equal([[1]], _calls);
        Assert.DoesNotContain("failed", _logger.All, StringComparison.Ordinal);
    }
}
