using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Notifications;

/// <summary>
/// Mails events on its own task: the events of one burst (within <see cref="EmailConfig.Aggregate"/>) go out as one
/// mail, at most <see cref="EmailConfig.MaxPerHour"/> mails an hour (events past the limit wait and join the next mail).
/// A dead mail server only delays later mails, never the engine. The queue is a <see cref="QueueWorker{T}"/>
/// (drop-oldest past 1000 waiting events).
/// </summary>
public sealed class EmailNotifier : IEventSink
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(30);

    private readonly EmailConfig _config;
    private readonly string? _password;
    private readonly SmtpMailer _mailer;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly QueueWorker<LinkEvent> _queue;
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly string _host = Environment.MachineName;

    public EmailNotifier(EmailConfig config, string? password, SmtpMailer mailer, ILogger logger, TimeProvider timeProvider)
    {
        _config = config;
        _password = password;
        _mailer = mailer;
        _logger = logger;
        _timeProvider = timeProvider;
        _queue = new QueueWorker<LinkEvent>("mail", 1000, logger, SendAsync, e => $"{e.Kind} {e.Link}", GatherAsync);
    }

    public void Start() => _queue.Start();

    /// <summary>Queues a mail-worthy event (others are ignored); false when an older event was dropped to make room.</summary>
    public bool Enqueue(LinkEvent linkEvent) => !MailText.IsMailWorthy(linkEvent) || _queue.Enqueue(linkEvent);

    public ValueTask DisposeAsync() => _queue.DisposeAsync();

    /// <summary>Before each mail: the aggregation window (more events of the burst join), then the hourly limit.</summary>
    private async Task GatherAsync(CancellationToken token)
    {
        await Task.Delay(_config.Aggregate, _timeProvider, token).ConfigureAwait(false);
        await WaitForRateLimitAsync(token).ConfigureAwait(false);
    }

    private async Task WaitForRateLimitAsync(CancellationToken token)
    {
        var now = _timeProvider.GetUtcNow();
        while (_sent.Count > 0 && now - _sent.Peek() >= TimeSpan.FromHours(1))
        {
            _sent.Dequeue();
        }

        if (_sent.Count >= Math.Max(1, _config.MaxPerHour))
        {
            var wait = _sent.Peek() + TimeSpan.FromHours(1) - now;
            NotificationsLog.MailRateLimited(_logger, _config.MaxPerHour, wait);
            await Task.Delay(wait, _timeProvider, token).ConfigureAwait(false);
            _sent.Dequeue();
        }
    }

    private async Task SendAsync(IReadOnlyList<LinkEvent> batch, CancellationToken token)
    {
        var subject = MailText.Subject(batch, _host);
        var error = await _mailer.SendAsync(_config, _password, subject, MailText.Body(batch, _host), SessionTimeout, token).ConfigureAwait(false);
        _sent.Enqueue(_timeProvider.GetUtcNow());
        if (error is null)
        {
            NotificationsLog.MailSent(_logger, string.Join(", ", _config.To), subject);
        }
        else
        {
            NotificationsLog.MailFailed(_logger, batch.Count, error);
        }
    }
}
