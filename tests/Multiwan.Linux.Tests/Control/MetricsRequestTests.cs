using System.Net;
using System.Net.Sockets;
using System.Text;
using CsCheck;
using Multiwan.Support;

namespace Multiwan.Control;

/// <summary>The metrics listener's request boundary: bounded request line and headers, 400 for a bad request, a slow client cut off.</summary>
public sealed class MetricsRequestTests
{
    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", "200")]
    [InlineData("GET /metrics?x=1 HTTP/1.0\n\n", "200")]
    [InlineData("GET / HTTP/1.1\r\n\r\n", "404")]
    [InlineData("POST /metrics HTTP/1.1\r\n\r\n", "405")]
    [InlineData("GET /metrics\r\n\r\n", "400")]
    [InlineData("GET /metrics HTTP/2.0\r\n\r\n", "400")]
    [InlineData("GET /met\u0001rics HTTP/1.1\r\n\r\n", "400")]
    [InlineData("\r\n\r\n", "400")]
    [InlineData("GET  /metrics HTTP/1.1\r\n\r\n", "400")]
    [InlineData("get /metrics HTTP/1.1\r\n\r\n", "400")]
    [InlineData("GET /metrics HTTP/1.1", "400")]
    public async Task Each_request_gets_its_status(string request, string status)
    {
        await using var server = Start();

        var reply = await ExchangeAsync(server, Encoding.Latin1.GetBytes(request));

        Assert.StartsWith($"HTTP/1.1 {status} ", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headers_over_the_bound_get_400_and_the_server_keeps_serving()
    {
        await using var server = Start();
        var head = "GET /metrics HTTP/1.1\r\nX: " + new string('a', MetricsRequest.MaxHeadBytes);
        var request = Encoding.ASCII.GetBytes(head)[..(MetricsRequest.MaxHeadBytes + 1)];

        var reply = await ExchangeAsync(server, request);

        Assert.StartsWith("HTTP/1.1 400 ", reply, StringComparison.Ordinal);
        Assert.Contains($"longer than {MetricsRequest.MaxHeadBytes} bytes", reply, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(server, "GET /metrics HTTP/1.1\r\n\r\n"u8.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_requests_always_get_a_status_line_and_never_stop_the_listener()
    {
        await using var server = Start();
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 200],
            Gen.String[Gen.Char[(char)0, (char)0x7f], 0, 120].Select(s => Encoding.ASCII.GetBytes(s + "\r\n\r\n")),
            Gen.Select(Gen.Int[0, 24], Gen.Char, (at, c) => Encoding.Latin1.GetBytes("GET /metrics HTTP/1.1\r\n\r\n".Remove(at, 1).Insert(at, new string(c, 1)))));

        await SeededFuzz.RunAsync(gen, 200, 20261201, async bytes =>
        {
            var reply = await ExchangeAsync(server, [.. bytes, .. "\r\n\r\n"u8.ToArray()]);
            Assert.Matches("^HTTP/1.1 (200|400|404|405) ", reply);
        });
        Assert.StartsWith("HTTP/1.1 200 ", await ExchangeAsync(server, "GET /metrics HTTP/1.1\r\n\r\n"u8.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_sends_nothing_is_cut_off()
    {
        var clock = new Probing.ManualTimeProvider();
        await using var server = Start(clock);
        using var slow = new TcpClient();
        await slow.ConnectAsync(server.Endpoint);

        await clock.AdvanceToNextTimerAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await slow.GetStream().ReadAsync(new byte[64], patience.Token);

        Assert.Equal(0, read);
    }

    private static MetricsServer Start(TimeProvider? clock = null)
    {
        var server = new MetricsServer(new IPEndPoint(IPAddress.Loopback, 0), _ => Task.FromResult("multiwan_up 1\n"), new ListLogger(), clock ?? TimeProvider.System);
        server.Start();
        return server;
    }

    private static async Task<string> ExchangeAsync(MetricsServer server, byte[] request)
    {
        using var client = new TcpClient();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync(server.Endpoint, patience.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(request, patience.Token);
        client.Client.Shutdown(SocketShutdown.Send);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            return await reader.ReadToEndAsync(patience.Token);
        }
        catch (IOException e) when (e.InnerException is SocketException)
        {
            return $"reset: {e.Message}";
        }
    }
}
