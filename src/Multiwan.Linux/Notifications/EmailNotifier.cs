using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Notifications;

/// <summary>
/// Mails events on its own task: the events of one burst (within <see cref="EmailConfig.Aggregate"/>) go out as one
/// mail, at most <see cref="EmailConfig.MaxPerHour"/> mails an hour (events past the limit wait and join the next mail).
/// A dead mail server only delays later mails, never the engine.
/// </summary>
public sealed class EmailNotifier : INotifier, IAsyncDisposable
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(30);

    private readonly EmailConfig _config;
    private readonly string? _password;
    private readonly SmtpMailer _mailer;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<LinkEvent> _queue = Channel.CreateBounded<LinkEvent>(new BoundedChannelOptions(1000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });
    private readonly Queue<DateTimeOffset> _sent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _host = Environment.MachineName;
    private Task? _loop;

    public EmailNotifier(EmailConfig config, string? password, SmtpMailer mailer, ILogger logger, TimeProvider timeProvider)
    {
        _config = config;
        _password = password;
        _mailer = mailer;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public void Start() => _loop ??= Task.Run(RunAsync);

    public void Enqueue(LinkEvent linkEvent)
    {
        if (MailText.IsMailWorthy(linkEvent))
        {
            _queue.Writer.TryWrite(linkEvent);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (await _queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                await Task.Delay(_config.Aggregate, _timeProvider, token).ConfigureAwait(false);
                await WaitForRateLimitAsync(token).ConfigureAwait(false);
                var batch = new List<LinkEvent>();
                while (_queue.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                try
                {
                    await SendAsync(batch, token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    // One batch's failure must not end the queue.
                    NotificationsLog.MailFailed(_logger, batch.Count, e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Shutting down: queued events are not mailed.
        }
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

    private async Task SendAsync(List<LinkEvent> batch, CancellationToken token)
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
