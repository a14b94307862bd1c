using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CsCheck;
using Multiwan.Probing;
using Multiwan.Support;
using Multiwan.Text;

namespace Multiwan.Control;

/// <summary>
/// The control socket's read boundary under random, mutated, oversized, binary and truncated requests (issue 10
/// item 4): every connection gets exactly one well-formed reply line, an error unless the bytes happen to form a
/// valid request, with no raw control character; a slow client is cut off; the server keeps serving throughout.
/// </summary>
public sealed class ControlSocketFuzzTests : IDisposable
{
    private static readonly string[] Valid =
    [
        """{"command":"status"}""",
        """{"command":"link","link":"fiber","action":"down"}""",
        """{"command":"events","since":"2026-01-01T00:00:00+00:00"}""",
        """{"command":"stop","cleanup":true}""",
    ];

    private readonly TempDirectory _dir = new();
    private readonly FakeControlHandler _handler = new();

    public void Dispose() => _dir.Dispose();

    private string SocketPath => _dir.Combine("run", "multiwan.sock");

    [Fact]
    public async Task Random_and_mutated_requests_always_get_one_reply_line_and_the_server_keeps_serving()
    {
        await using var server = new ControlServer(SocketPath, _handler, new ListLogger());
        server.Start();
        var errors = 0;

        await SeededFuzz.RunAsync(Request, 600, 20261201, async bytes =>
        {
            var replies = await ExchangeAsync(bytes, halfClose: true);

            var reply = Assert.Single(replies);
            Assert.False(SafeText.NeedsEscape(reply), reply);
            var response = JsonSerializer.Deserialize(reply, ControlJsonContext.Default.ControlResponse)!;
            if (!response.Ok)
            {
                errors++;
                Assert.StartsWith("bad request: ", response.Error, StringComparison.Ordinal);
            }
        }, bytes => SafeText.Show(Encoding.UTF8.GetString(bytes), 300));

        Assert.True(errors > 300, $"the generator should mostly produce bad requests, got {errors} errors");
        var after = await new ControlClient(SocketPath, TimeProvider.System).RequestAsync(new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(after.Ok);
    }

    [Fact]
    public async Task An_oversized_request_gets_an_error_before_the_server_reads_it_all()
    {
        await using var server = new ControlServer(SocketPath, _handler, new ListLogger());
        server.Start();
        var huge = Encoding.ASCII.GetBytes("{\"command\":\"" + new string('a', 4 << 20) + "\"}\n");

        var replies = await ExchangeAsync(huge, halfClose: false);

        var response = JsonSerializer.Deserialize(Assert.Single(replies), ControlJsonContext.Default.ControlResponse)!;
        Assert.Equal($"bad request: longer than {ControlRequestReader.MaxRequestBytes} bytes", response.Error);
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task A_truncated_request_without_newline_is_answered_when_the_client_half_closes()
    {
        await using var server = new ControlServer(SocketPath, _handler, new ListLogger());
        server.Start();

        var good = await ExchangeAsync("""{"command":"status"}"""u8.ToArray(), halfClose: true);
        var torn = await ExchangeAsync("""{"command":"sta"""u8.ToArray(), halfClose: true);

        Assert.True(JsonSerializer.Deserialize(Assert.Single(good), ControlJsonContext.Default.ControlResponse)!.Ok);
        Assert.StartsWith("bad request: ", JsonSerializer.Deserialize(Assert.Single(torn), ControlJsonContext.Default.ControlResponse)!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_client_is_cut_off_after_10_s_while_others_are_served()
    {
        var clock = new ManualTimeProvider();
        await using var server = new ControlServer(SocketPath, _handler, new ListLogger(), timeProvider: clock);
        server.Start();
        using var slow = await ConnectAsync();
        await slow.SendAsync("{\"command\":"u8.ToArray());

        var before = clock.GetUtcNow();
        await clock.AdvanceToNextTimerAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        try
        {
            read = await slow.ReceiveAsync(new byte[64], SocketFlags.None, patience.Token);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            read = 0; // Closed with our partial line still unread in its buffer: the kernel sends a reset, not a FIN. Cut off all the same.
        }


        Assert.Equal(TimeSpan.FromSeconds(10), clock.GetUtcNow() - before);
        Assert.Equal(0, read);
        Assert.Empty(_handler.Requests);
        var other = await new ControlClient(SocketPath, TimeProvider.System).RequestAsync(new ControlRequest { Command = "status" }, TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(other.Ok);
    }

    /// <summary>Valid requests mutated, truncated or padded; random text and bytes; deep nesting; NULs; wrong types.</summary>
    private static readonly Gen<byte[]> Request = Gen.OneOf(
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte.Array[1, 6], Gen.Int[0, 200], (i, noise, at) => Mutate(Encoding.UTF8.GetBytes(Valid[i]), noise, at)),
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[0, 60], (i, cut) => Encoding.UTF8.GetBytes(Valid[i][..Math.Min(cut, Valid[i].Length - 1)])),
        Gen.String.Select(s => Encoding.UTF8.GetBytes(s)),
        Gen.Byte.Array[0, 300],
        Gen.Int[1, 3000].Select(n => Encoding.ASCII.GetBytes(new string('[', n) + new string(']', n))),
        Gen.Const(Encoding.ASCII.GetBytes("{\"command\":\"status\u0000\u001b[2J\"}")).Select(b => b),
        Gen.Const("""{"command":42}"""u8.ToArray()),
        Gen.Const("""{"command":"link","since":"yesterday"}"""u8.ToArray()),
        Gen.Const("""{"link":"a"}"""u8.ToArray()),
        Gen.Const("null"u8.ToArray()),
        Gen.Const("\"\\ud800\""u8.ToArray()));

    private static byte[] Mutate(byte[] valid, byte[] noise, int at)
    {
        var bytes = valid.ToArray();
        for (var k = 0; k < noise.Length; k++)
        {
            bytes[(at + k * 13) % bytes.Length] = noise[k];
        }

        return bytes;
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return socket;
    }

    /// <summary>Sends the bytes (a newline ends a request only if they hold one), then reads every reply line until the server closes.</summary>
    private async Task<List<string>> ExchangeAsync(byte[] request, bool halfClose)
    {
        using var socket = await ConnectAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var send = Task.Run(async () =>
        {
            try
            {
                await socket.SendAsync(request, SocketFlags.None, patience.Token);
                if (halfClose)
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
            }
            catch (SocketException)
            {
                // The server may answer and close before it has read everything (oversized requests).
            }
        });
        var received = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, patience.Token)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        await send;
        return [.. Encoding.UTF8.GetString(received.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
