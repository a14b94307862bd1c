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

    /// <summary>The delay and jitter of IPv4 packets.</summary>
    public (TimeSpan Delay, TimeSpan Jitter) Ipv4 { get; private set; }

    /// <summary>The delay and jitter of IPv6 packets (set apart, so one family of an ISP can be slower than the other).</summary>
    public (TimeSpan Delay, TimeSpan Jitter) Ipv6 { get; private set; }

    /// <summary>Packets dropped because <see cref="Capacity"/> packets were already waiting.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Sets the delay and jitter of the packets of <paramref name="families"/> (the other family's stay as they are).</summary>
    public void Set(TimeSpan delay, TimeSpan jitter, LabFamilies families = LabFamilies.Both)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(jitter, TimeSpan.Zero);
        lock (_gate)
        {
            Ipv4 = families.HasFlag(LabFamilies.Ipv4) ? (delay, jitter) : Ipv4;
            Ipv6 = families.HasFlag(LabFamilies.Ipv6) ? (delay, jitter) : Ipv6;
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

                var (delay, jitter) = buffer[0] >> 4 == 6 ? Ipv6 : Ipv4; // the IP version nibble
                var spread = jitter.Ticks == 0 ? 0 : (long)((_random.NextDouble() * 2 - 1) * jitter.Ticks);
                var wait = TimeSpan.FromTicks(Math.Max(0, delay.Ticks + spread));
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
