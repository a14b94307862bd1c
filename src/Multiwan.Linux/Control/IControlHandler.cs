using Multiwan.Events;

namespace Multiwan.Control;

/// <summary>What answers control requests: the engine (by messages to its loop), or a fake in tests.</summary>
public interface IControlHandler
{
    Task<ControlResponse> HandleAsync(ControlRequest request, CancellationToken cancellationToken);

    /// <summary>Live events from now on, until the caller cancels.</summary>
    IAsyncEnumerable<LinkEvent> MonitorAsync(CancellationToken cancellationToken);
}
