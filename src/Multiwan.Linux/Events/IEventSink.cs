namespace Multiwan.Events;

/// <summary>
/// Where published events go besides the journal and the log (hook scripts, mail, webhooks). Each sink works on its
/// own <see cref="QueueWorker{T}"/>, so <see cref="Enqueue"/> never blocks the engine whatever the sink does.
/// </summary>
public interface IEventSink : IAsyncDisposable
{
    /// <summary>Queues the event (or ignores it when it is not for this sink); false when an older event had to be dropped to make room (logged).</summary>
    bool Enqueue(LinkEvent linkEvent);
}
