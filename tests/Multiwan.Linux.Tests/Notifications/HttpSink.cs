using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.Notifications;

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 recording requests; answers with queued status codes, then 200 (test only).</summary>
internal sealed class HttpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly Task _loop;

    public HttpSink(params int[] statuses)
    {
        foreach (var s in statuses)
        {
            _statuses.Enqueue(s);
        }

        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";

    public List<HttpSinkRequest> Requests { get; } = [];

    public async Task<HttpSinkRequest> WaitForRequestAsync(int count = 1)
    {
        for (var i = 0; i < 200; i++)
        {
            lock (Requests)
            {
                if (Requests.Count >= count)
                {
                    return Requests[count - 1];
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no request #{count} within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var request = new HttpSinkRequest { RequestLine = await reader.ReadLineAsync() ?? "" };
        while (await reader.ReadLineAsync() is { Length: > 0 } header)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            request.Headers[header[..colon].Trim()] = header[(colon + 1)..].Trim();
        }

        var length = int.Parse(request.Headers.GetValueOrDefault("Content-Length", "0"), global::System.Globalization.CultureInfo.InvariantCulture);
        var body = new char[length];
        var read = 0;
        while (read < length)
        {
            read += await reader.ReadAsync(body.AsMemory(read));
        }

        request.Body = new string(body);
        lock (Requests)
        {
            Requests.Add(request);
        }

        var status = _statuses.TryDequeue(out var s) ? s : 200;
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    }
}

internal sealed class HttpSinkRequest
{
    public string RequestLine { get; set; } = "";

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public string Body { get; set; } = "";
}
