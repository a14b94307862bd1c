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

    public Task<(IProbeHandle? Handle, string? Error)> StartAsync(MultiwanConfig config, LinkConfig link, ChannelWriter<RoundResult> rounds, CancellationToken cancellationToken)
    {
        Starts.AddOrUpdate(link.Name, 1, (_, n) => n + 1);
        var index = config.Links.ToList().IndexOf(link);
        return Task.FromResult<(IProbeHandle?, string?)>((new Handle(this, link.Name, $"100.64.{index + 1}.2"), null));
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
