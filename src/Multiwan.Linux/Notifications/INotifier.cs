using Multiwan.Events;

namespace Multiwan.Notifications;

/// <summary>A notification sink with its own queue and task: <see cref="Enqueue"/> never blocks, whatever the sink does.</summary>
public interface INotifier
{
    void Enqueue(LinkEvent linkEvent);
}
