using Multiwan.Events;

namespace Multiwan.Control;

/// <summary>What answers control requests: the engine (by messages to its loop), or a fake in tests.</summary>
public interface IControlHandler
{
    /// <summary>Answers every command but <see cref="ControlCommand.Monitor"/> (which is <see cref="MonitorAsync"/>).</summary>
    Task<ControlResponse> HandleAsync(ControlCommand command, CancellationToken cancellationToken);

    /// <summary>Live events from now on, until the caller cancels.</summary>
    IAsyncEnumerable<LinkEvent> MonitorAsync(CancellationToken cancellationToken);
}
