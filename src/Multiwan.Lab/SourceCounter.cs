using System.Collections.Concurrent;
using System.Net;

namespace Multiwan.Lab;

/// <summary>Counts what a responder saw per source address (behind the ISPs' NAT, the source names the ISP).</summary>
public sealed class SourceCounter
{
    private readonly ConcurrentDictionary<IPAddress, int> _counts = new();
    private int _total;

    public int Total => Volatile.Read(ref _total);

    public int this[IPAddress source] => _counts.TryGetValue(source, out var n) ? n : 0;

    public IReadOnlyDictionary<IPAddress, int> Snapshot() => new Dictionary<IPAddress, int>(_counts);

    public void Add(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _counts.AddOrUpdate(source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _total);
    }

    public void Reset()
    {
        _counts.Clear();
        Interlocked.Exchange(ref _total, 0);
    }
}
