using Multiwan.Events;

namespace Multiwan.Daemon;

/// <summary>Records every event it is given and whether it was disposed.</summary>
internal sealed class FakeSink : IEventSink
{
    private readonly Lock _lock = new();
    private readonly List<LinkEvent> _events = [];

    public IReadOnlyList<LinkEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public bool Disposed { get; private set; }

    public bool Enqueue(LinkEvent linkEvent)
    {
        lock (_lock)
        {
            _events.Add(linkEvent);
        }

        return true;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
