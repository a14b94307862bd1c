using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Multiwan.Control;

/// <summary>
/// A minimal HTTP/1.1 listener for Prometheus at <c>daemon.metrics</c>: <c>GET /metrics</c> answers the text the
/// renderer gives; another path gets 404, another method 405, a malformed or oversized request (request line and
/// headers over <see cref="MetricsRequest.MaxHeadBytes"/>) 400; a client gets 5 s for the whole exchange. One
/// request per connection; bound to the configured address only.
/// </summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<CancellationToken, Task<string>> _render;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public MetricsServer(IPEndPoint endpoint, Func<CancellationToken, Task<string>> render, ILogger logger, TimeProvider timeProvider)
    {
        _listener = new TcpListener(endpoint);
        _render = render;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public IPEndPoint Endpoint => (IPEndPoint)_listener.LocalEndpoint;

    public void Start()
    {
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
        ControlLog.MetricsListening(_logger, Endpoint.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // Stopped.
            }

            await ServeAsync(client).ConfigureAwait(false); // Scrapes are rare; one at a time is plenty.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        // Cancellation sources: the server stopping, and a client that is too slow (5 s for the whole exchange).
        using var slow = new CancellationTokenSource(TimeSpan.FromSeconds(5), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, slow.Token);
        try
        {
            var stream = client.GetStream();
            var request = await MetricsRequest.ReadAsync(stream, linked.Token).ConfigureAwait(false);
            var (status, body) = request switch
            {
                { Error: { } error } => ("400 Bad Request", $"bad request: {error}\n"),
                { Method: not "GET" } => ("405 Method Not Allowed", "only GET is served here\n"),
                { Target: { } target } when target.Split('?')[0] == "/metrics" => ("200 OK", await _render(linked.Token).ConfigureAwait(false)),
                _ => ("404 Not Found", "only /metrics is served here\n"),
            };
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 {status}\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), linked.Token).ConfigureAwait(false);
            await stream.WriteAsync(bytes, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            ControlLog.ConnectionEnded(_logger, $"metrics: {e.Message}");
        }
    }
}
