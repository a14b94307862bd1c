using Multiwan.Events;

namespace Multiwan.Hooks;

/// <summary>Runs event scripts off the engine loop. <see cref="Enqueue"/> never blocks.</summary>
public interface IHookRunner
{
    /// <summary>Queues the event's hooks; false (and logged) when the queue is full and the event's hooks are dropped.</summary>
    bool Enqueue(LinkEvent linkEvent);
}
