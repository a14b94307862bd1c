using System.Diagnostics;

namespace Multiwan.Lab;

/// <summary>
/// A user-space delay line: the cable between an ISP and the internet namespace made of two TUN devices
/// (<c>up0</c> in the ISP, <c>ispN</c> in the internet) joined by this object. Packets toward the internet wait
/// <see cref="Delay"/> ± <see cref="Jitter"/> (uniform, drawn from a seeded <see cref="Random"/>, so a run is
/// repeatable) in a bounded queue ordered by release time (so jitter may reorder, as netem does); replies pass at
/// once, so a round trip through the ISP grows by the configured delay. A full queue drops (<see cref="Dropped"/>).
/// The lab uses it because this kernel has no netem; it is lab code, timed by <see cref="Stopwatch"/>, not TimeProvider.
/// </summary>
internal sealed class DelayLine : IDisposable
{
    public const int Capacity = 4096;
    private const int PollMs = 50;
    private const int Mtu = 65536;

    private readonly TunDevice _isp;
    private readonly TunDevice _internet;
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly PriorityQueue<byte[], (long Due, long Sequence)> _queue = new();
    private readonly Thread[] _threads;
    private long _sequence;
    private long _dropped;
    private volatile bool _stopping;

    public DelayLine(TunDevice isp, TunDevice internet, int seed)
    {
        _isp = isp;
        _internet = internet;
        _random = new Random(seed);
        _threads =
        [
            Start(Upstream, $"delay {isp.Name} up"),
            Start(Release, $"delay {isp.Name} release"),
            Start(Downstream, $"delay {isp.Name} down"),
        ];
    }

    public TimeSpan Delay { get; private set; }

    public TimeSpan Jitter { get; private set; }

    /// <summary>Packets dropped because <see cref="Capacity"/> packets were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Set(TimeSpan delay, TimeSpan jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        lock (_gate)
        {
            (Delay, Jitter) = (delay, jitter);
        }
    }

    private static Thread Start(Action loop, string name)
    {
        var thread = new Thread(() => loop()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    /// <summary>ISP → internet: each packet gets its release time and waits in the queue.</summary>
    private void Upstream()
    {
        var buffer = new byte[Mtu];
        while (!_stopping)
        {
            var length = _isp.Read(buffer, PollMs);
            if (length < 0)
            {
                return; // The device is gone (the namespace was deleted).
            }

            if (length == 0)
            {
                continue;
            }

            lock (_gate)
            {
                if (_queue.Count >= Capacity)
                {
                    _dropped++;
                    continue;
                }

                var spread = Jitter.Ticks == 0 ? 0 : (long)((_random.NextDouble() * 2 - 1) * Jitter.Ticks);
                var wait = TimeSpan.FromTicks(Math.Max(0, Delay.Ticks + spread));
                var due = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
                _queue.Enqueue(buffer.AsSpan(0, length).ToArray(), (due, _sequence++));
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>Writes each waiting packet to the internet side once its time has come.</summary>
    private void Release()
    {
        while (!_stopping)
        {
            byte[] packet;
            lock (_gate)
            {
                if (!_queue.TryPeek(out _, out var key))
                {
                    Monitor.Wait(_gate, PollMs);
                    continue;
                }

                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), key.Due);
                if (left > TimeSpan.Zero)
                {
                    // Sub-millisecond remainders are yielded away rather than slept (Monitor.Wait has 1 ms granularity).
                    if (left >= TimeSpan.FromMilliseconds(1))
                    {
                        Monitor.Wait(_gate, left);
                    }
                    else
                    {
                        Monitor.Wait(_gate, 0);
                    }

                    continue;
                }

                packet = _queue.Dequeue();
            }

            _internet.Write(packet);
        }
    }

    /// <summary>Internet → ISP: straight through.</summary>
    private void Downstream()
    {
        var buffer = new byte[Mtu];
        while (!_stopping)
        {
            var length = _internet.Read(buffer, PollMs);
            if (length < 0)
            {
                return;
            }

            if (length > 0)
            {
                _isp.Write(buffer.AsSpan(0, length));
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }

        foreach (var thread in _threads)
        {
            thread.Join();
        }

        _isp.Dispose();
        _internet.Dispose();
    }
}
