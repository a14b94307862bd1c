using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;

namespace Multiwan.Notifications;

/// <summary>A tiny HTTP/1.1 server on 127.0.0.1 recording requests; answers with queued status codes, then 200 (test only).</summary>
internal sealed class HttpSink : IAsyncDisposable
{
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly LoopbackSink<HttpSinkRequest> _sink;

    public HttpSink(params int[] statuses)
    {
        foreach (var s in statuses)
        {
            _statuses.Enqueue(s);
        }

        _sink = new LoopbackSink<HttpSinkRequest>(ServeAsync);
    }

    public string Url => $"http://127.0.0.1:{_sink.Port}/hook";

    public List<HttpSinkRequest> Requests => _sink.Items;

    public Task<HttpSinkRequest> WaitForRequestAsync(int count = 1) => _sink.WaitForAsync(count, "request");

    public ValueTask DisposeAsync() => _sink.DisposeAsync();

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
        _sink.Add(request);

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
