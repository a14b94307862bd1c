using System.Collections.Concurrent;
using System.Net;

namespace Multiwan.Lab;

/// <summary>
/// Counts what a responder saw per source address (behind the ISPs' NAT, the source names the ISP), and when each
/// source was first seen since the last <see cref="Reset"/> (a <see cref="TimeProvider.GetTimestamp"/> of the system clock).
/// </summary>
public sealed class SourceCounter
{
    private readonly ConcurrentDictionary<IPAddress, int> _counts = new();
    private readonly ConcurrentDictionary<IPAddress, long> _first = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public int this[IPAddress source] => _counts.TryGetValue(source, out var n) ? n : 0;

    public IReadOnlyDictionary<IPAddress, int> Snapshot() => new Dictionary<IPAddress, int>(_counts);

    /// <summary>The system timestamp of the first datagram or connection from <paramref name="source"/> since the last reset.</summary>
    public long? FirstSeen(IPAddress source) => _first.TryGetValue(source, out var t) ? t : null;

    public void Add(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var address = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        _first.TryAdd(address, TimeProvider.System.GetTimestamp());
        _counts.AddOrUpdate(address, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }

    public void Reset()
    {
        _counts.Clear();
        _first.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}
