using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Multiwan.Events;

namespace Multiwan.Control;

/// <summary>Answers every request with <see cref="Answer"/> and records it; monitor streams what tests write to <see cref="Live"/>.</summary>
internal sealed class FakeControlHandler : IControlHandler
{
    public List<ControlRequest> Requests { get; } = [];

    public ControlResponse Answer { get; set; } = ControlResponse.Done("ok");

    public Channel<LinkEvent> Live { get; } = Channel.CreateUnbounded<LinkEvent>();

    public Task<ControlResponse> HandleAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Task.FromResult(Answer);
    }

    public async IAsyncEnumerable<LinkEvent> MonitorAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in Live.Reader.ReadAllAsync(cancellationToken))
        {
            yield return e;
        }
    }
}
