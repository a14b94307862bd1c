using System.Collections.Concurrent;
using System.Threading.Channels;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>Probes that never probe: tests post rounds themselves. Counts starts and stops per link.</summary>
internal sealed class FakeProbes : IProbeFactory
{
    public ConcurrentDictionary<string, int> Starts { get; } = new();

    public ConcurrentDictionary<string, int> Stops { get; } = new();

    /// <summary>The mark each link's probes were last started with.</summary>
    public ConcurrentDictionary<string, uint> Marks { get; } = new();

    public Task<(IProbeHandle? Handle, string? Error)> StartAsync(
        MultiwanConfig config, LinkConfig link, uint mark, ChannelWriter<RoundResult> rounds, global::System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken)
    {
        Starts.AddOrUpdate(link.Name, 1, (_, n) => n + 1);
        Marks[link.Name] = mark;
        // The source follows the link's slot (mark 0x100 → 100.64.1.2), as a real link's address does not move with its position.
        return Task.FromResult<(IProbeHandle?, string?)>((new Handle(this, link.Name, $"100.64.{mark >> 8}.2"), null));
    }

    private sealed class Handle(FakeProbes owner, string link, string source) : IProbeHandle
    {
        public string? Source => source;

        public bool Fast { get; set; }

        public ValueTask DisposeAsync()
        {
            owner.Stops.AddOrUpdate(link, 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }
}
