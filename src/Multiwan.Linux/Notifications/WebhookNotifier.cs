using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Multiwan.Configuration;
using Multiwan.Events;

namespace Multiwan.Notifications;

/// <summary>
/// POSTs each event as JSON (the journal's shape) to one URL on its own task, with a per-attempt timeout and
/// retries with exponential backoff. With a secret, <c>X-Multiwan-Signature: sha256=HEX</c> is the HMAC-SHA256 of the body.
/// The queue is a <see cref="QueueWorker{T}"/> (drop-oldest past 1000 waiting events).
/// </summary>
public sealed class WebhookNotifier : IEventSink
{
    public const string SignatureHeader = "X-Multiwan-Signature";

    private readonly WebhookConfig _config;
    private readonly byte[]? _key;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _firstBackoff;
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly QueueWorker<LinkEvent> _queue;

    /// <param name="firstBackoff">Wait before the first retry (doubling after each); 1 s by default.</param>
    public WebhookNotifier(WebhookConfig config, string? secret, ILogger logger, TimeProvider timeProvider, TimeSpan? firstBackoff = null)
    {
        _config = config;
        _key = string.IsNullOrEmpty(secret) ? null : Encoding.UTF8.GetBytes(secret);
        _logger = logger;
        _timeProvider = timeProvider;
        _firstBackoff = firstBackoff ?? TimeSpan.FromSeconds(1);
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("multiwan");
        _queue = new QueueWorker<LinkEvent>($"webhook {config.Name}", 1000, logger, (batch, token) => DeliverAsync(batch[0], token), e => $"{e.Kind} {e.Link}");
    }

    public int Delivered { get; private set; }

    public void Start() => _queue.Start();

    public bool Enqueue(LinkEvent linkEvent) => _queue.Enqueue(linkEvent);

    public static string Sign(byte[] key, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));

    public async ValueTask DisposeAsync()
    {
        await _queue.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }

    private async Task DeliverAsync(LinkEvent linkEvent, CancellationToken token)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(linkEvent, EventJsonContext.Default.LinkEvent);
        var backoff = _firstBackoff;
        string error = "";
        for (var attempt = 1; attempt <= 1 + Math.Max(0, _config.Retries); attempt++)
        {
            if (attempt > 1)
            {
                await Task.Delay(backoff, _timeProvider, token).ConfigureAwait(false);
                backoff *= 2;
            }

            (var done, error) = await TryPostAsync(body, linkEvent, token).ConfigureAwait(false);
            if (done)
            {
                if (error.Length == 0)
                {
                    Delivered++;
                }
                else
                {
                    NotificationsLog.WebhookFailed(_logger, _config.Name, attempt, error);
                }

                return;
            }

            NotificationsLog.WebhookRetry(_logger, _config.Name, attempt, error);
        }

        NotificationsLog.WebhookFailed(_logger, _config.Name, 1 + Math.Max(0, _config.Retries), error);
    }

    /// <summary>Done = no retry (success, or a 4xx the receiver will not change its mind about); error empty on success.</summary>
    private async Task<(bool Done, string Error)> TryPostAsync(byte[] body, LinkEvent linkEvent, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _config.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Multiwan-Event", JsonNamingPolicy.SnakeCaseLower.ConvertName(linkEvent.Kind.ToString()));
        if (_key is not null)
        {
            request.Headers.Add(SignatureHeader, Sign(_key, body));
        }

        // Cancellation sources: the notifier stopping (caller) and this attempt's timeout.
        using var attemptTimeout = new CancellationTokenSource(_config.Timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, attemptTimeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, linked.Token).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (true, "")
                : code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests ? (false, $"HTTP {code}")
                : (true, $"HTTP {code} (not retried)");
        }
        catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested && !token.IsCancellationRequested)
        {
            return (false, $"no answer within {_config.Timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException e) when (!token.IsCancellationRequested)
        {
            // The handler's own connect timeout: a retryable failure like any other.
            return (false, e.InnerException?.Message ?? e.Message);
        }
        catch (HttpRequestException e)
        {
            return (false, e.Message);
        }
    }
}
