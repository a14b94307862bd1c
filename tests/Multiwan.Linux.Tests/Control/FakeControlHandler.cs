using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Multiwan.Events;

namespace Multiwan.Control;

/// <summary>Answers every request with <see cref="Answer"/> and records it; monitor streams what tests write to <see cref="Live"/>.</summary>
internal sealed class FakeControlHandler : IControlHandler
{
    public List<ControlCommand> Commands { get; } = [];

    /// <summary>The commands received, as the request lines that carry them.</summary>
    public List<ControlRequest> Requests
    {
        get
        {
            lock (Commands)
            {
                return [.. Commands.Select(ControlRequestParser.ToRequest)];
            }
        }
    }

    public ControlResponse Answer { get; set; } = ControlResponse.Done("ok");

    public Channel<LinkEvent> Live { get; } = Channel.CreateUnbounded<LinkEvent>();

    public Task<ControlResponse> HandleAsync(ControlCommand command, CancellationToken cancellationToken)
    {
        lock (Commands)
        {
            Commands.Add(command);
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
