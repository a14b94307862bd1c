using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Daemon;

/// <summary>Sinks that record what the engine hands them; one per sink the engine asked for, in order.</summary>
internal sealed class FakeSinks : IEventSinkFactory
{
    private readonly Lock _lock = new();
    private readonly List<FakeSink> _hooks = [];
    private readonly List<FakeSink> _notifications = [];

    public IReadOnlyList<FakeSink> HookSinks
    {
        get
        {
            lock (_lock)
            {
                return [.. _hooks];
            }
        }
    }

    public IReadOnlyList<FakeSink> NotificationSinks
    {
        get
        {
            lock (_lock)
            {
                return [.. _notifications];
            }
        }
    }

    public IEventSink Hooks(MultiwanConfig config) => Add(_hooks);

    public IEventSink Notifications(MultiwanConfig config) => Add(_notifications);

    private FakeSink Add(List<FakeSink> list)
    {
        var sink = new FakeSink();
        lock (_lock)
        {
            list.Add(sink);
        }

        return sink;
    }
}
