using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Daemon;

/// <summary>Builds the event sinks a config asks for (I/O seam): tests hand the engine fakes.</summary>
internal interface IEventSinkFactory
{
    /// <summary>The hook runner for <c>hooks:</c>, started.</summary>
    IEventSink Hooks(MultiwanConfig config);

    /// <summary>Mail and every webhook of <c>notifications:</c>, started.</summary>
    IEventSink Notifications(MultiwanConfig config);
}
