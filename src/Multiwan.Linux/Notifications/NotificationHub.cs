using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Notifications;

/// <summary>Every configured sink (mail, each webhook), each on its own queue and task; the engine hands it each event.</summary>
public sealed class NotificationHub : IEventSink
{
    private readonly List<IEventSink> _sinks = [];

    public NotificationHub(NotificationsConfig config, ILogger logger, TimeProvider timeProvider)
    {
        var secrets = Secrets.Load(config, out var error);
        if (error is not null)
        {
            NotificationsLog.SecretsRefused(logger, error);
        }

        if (config.Email is { } email && email.Server.Length > 0 && email.To.Count > 0)
        {
            var mail = new EmailNotifier(email, secrets.SmtpPassword(email), new SmtpMailer(timeProvider), logger, timeProvider);
            mail.Start();
            _sinks.Add(mail);
        }

        foreach (var webhook in config.Webhooks)
        {
            var sink = new WebhookNotifier(webhook, secrets.WebhookSecret(webhook), logger, timeProvider);
            sink.Start();
            _sinks.Add(sink);
        }
    }

    public int SinkCount => _sinks.Count;

    /// <summary>Hands the event to every sink; false when some sink dropped an older event to make room.</summary>
    public bool Enqueue(LinkEvent linkEvent)
    {
        var all = true;
        foreach (var sink in _sinks)
        {
            all &= sink.Enqueue(linkEvent);
        }

        return all;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sink in _sinks)
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
    }
}
