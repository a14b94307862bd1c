using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.Hooks;
using Multiwan.Notifications;

namespace Multiwan.Daemon;

/// <summary>The real sinks: <see cref="HookRunner"/> (scripts) and <see cref="NotificationHub"/> (mail, webhooks).</summary>
internal sealed class LinuxEventSinks(ILogger logger, TimeProvider time) : IEventSinkFactory
{
    public IEventSink Hooks(MultiwanConfig config)
    {
        var hooks = new HookRunner(config.Hooks, config.Notifications.Email?.To.FirstOrDefault(), logger, time);
        hooks.Start();
        return hooks;
    }

    public IEventSink Notifications(MultiwanConfig config) => new NotificationHub(config.Notifications, logger, time);
}
