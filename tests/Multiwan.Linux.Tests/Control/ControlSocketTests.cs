using Multiwan.Events;
using Multiwan.Support;
using Multiwan.System;
using Multiwan.Tracking;

namespace Multiwan.Control;

public sealed class ControlSocketTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _dir = new();
    private readonly ListLogger _logger = new();
    private readonly FakeControlHandler _handler = new();

    public void Dispose() => _dir.Dispose();

    private string SocketPath => _dir.Combine("run", "multiwan.sock");

    private ControlClient Client() => new(SocketPath, TimeProvider.System);

    /// <summary>One request through either client path: the blocking one the CLI's one-shot verbs use, or the async one.</summary>
    private async Task<ControlResponse> AskAsync(bool blocking, ControlRequest request) =>
        blocking ? await Task.Run(() => Client().Request(request, Timeout)) : await Client().RequestAsync(request, Timeout, CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Request_and_response_round_trip_and_socket_is_0600_in_a_0755_directory(bool blocking)
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger);
        server.Start();
        _handler.Answer = ControlResponse.Done("fiber forced down");

        var response = await AskAsync(blocking, new ControlRequest { Command = "link", Link = "fiber", Action = "down" });

        Assert.True(response.Ok);
        Assert.Equal("fiber forced down", response.Message);
        var request = Assert.Single(_handler.Requests);
        Assert.Equal(("link", "fiber", "down"), (request.Command, request.Link, request.Action));
        Assert.Equal("0600", FileStatus.Read(SocketPath, out _)!.Value.OctalMode);
        Assert.Equal("0755", FileStatus.Read(_dir.Combine("run"), out _)!.Value.OctalMode);
    }

    [Fact]
    public async Task Monitor_streams_events_until_the_client_leaves()
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger);
        server.Start();
        using var cts = new CancellationTokenSource(Timeout);
        var received = new List<ControlResponse>();

        await using (var stream = Client().StreamAsync(new ControlRequest { Command = "monitor" }, cts.Token).GetAsyncEnumerator(cts.Token))
        {
            Assert.True(await stream.MoveNextAsync());
            Assert.Equal("monitoring", stream.Current.Message);
            _handler.Live.Writer.TryWrite(new LinkEvent { Timestamp = DateTimeOffset.UnixEpoch, Kind = EventKind.StateChange, Link = "a", NewState = LinkState.Offline });
            _handler.Live.Writer.TryWrite(new LinkEvent { Timestamp = DateTimeOffset.UnixEpoch, Kind = EventKind.StateChange, Link = "a", NewState = LinkState.Online });
            for (var i = 0; i < 2 && await stream.MoveNextAsync(); i++)
            {
                received.Add(stream.Current);
            }
        }

        Assert.Equal([LinkState.Offline, LinkState.Online], received.Select(r => r.Event!.NewState!.Value));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_caller_with_another_uid_gets_one_error_line_and_is_logged(bool blocking)
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger, allowedUid: 4242);
        server.Start();

        var response = await AskAsync(blocking, new ControlRequest { Command = "status" });

        Assert.False(response.Ok);
        Assert.Equal("permission denied: the control socket accepts root only", response.Error);
        Assert.Empty(_handler.Requests);
        Assert.Contains(_logger.Lines, l => l.Contains("refused a caller with uid 0", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Daemon_not_running_is_a_clear_value(bool blocking)
    {
        var response = await AskAsync(blocking, new ControlRequest { Command = "status" });

        Assert.True(response.Unreachable);
        Assert.StartsWith("the daemon is not running", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_stale_socket_file_without_a_listener_reads_as_not_running(bool blocking)
    {
        await using (var server = new ControlServer(SocketPath, _handler, _logger))
        {
            server.Start();
        }

        using var stale = new global::System.Net.Sockets.Socket(global::System.Net.Sockets.AddressFamily.Unix, global::System.Net.Sockets.SocketType.Stream, global::System.Net.Sockets.ProtocolType.Unspecified);
        stale.Bind(new global::System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));

        var response = await AskAsync(blocking, new ControlRequest { Command = "status" });

        Assert.True(response.Unreachable);
        Assert.StartsWith("the daemon is not running", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_line_gets_an_error_not_a_crash()
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger);
        server.Start();
        using var socket = new global::System.Net.Sockets.Socket(global::System.Net.Sockets.AddressFamily.Unix, global::System.Net.Sockets.SocketType.Stream, global::System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new global::System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));
        await using var stream = new global::System.Net.Sockets.NetworkStream(socket);
        await stream.WriteAsync("{nope\n"u8.ToArray());
        using var reader = new StreamReader(stream);

        var line = await reader.ReadLineAsync();

        Assert.StartsWith("{\"ok\":false,\"error\":\"bad request", line, StringComparison.Ordinal);
    }

    [Fact]
    public void The_blocking_client_gives_up_at_its_timeout_when_the_daemon_accepts_and_never_answers()
    {
        Directory.CreateDirectory(_dir.Combine("run"));
        using var silent = new global::System.Net.Sockets.Socket(global::System.Net.Sockets.AddressFamily.Unix, global::System.Net.Sockets.SocketType.Stream, global::System.Net.Sockets.ProtocolType.Unspecified);
        silent.Bind(new global::System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));
        silent.Listen(); // The kernel completes the connection; nobody ever reads or writes.

        var response = Client().Request(new ControlRequest { Command = "status" }, TimeSpan.FromMilliseconds(300));

        Assert.False(response.Ok);
        Assert.False(response.Unreachable);
        Assert.Equal("the daemon did not answer within 0 s", response.Error);
    }

    [Fact]
    public async Task The_blocking_client_reads_an_answer_that_arrives_in_pieces_and_stops_at_its_first_line()
    {
        Directory.CreateDirectory(_dir.Combine("run"));
        using var listener = new global::System.Net.Sockets.Socket(global::System.Net.Sockets.AddressFamily.Unix, global::System.Net.Sockets.SocketType.Stream, global::System.Net.Sockets.ProtocolType.Unspecified);
        listener.Bind(new global::System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));
        listener.Listen();
        var server = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            await peer.ReceiveAsync(new byte[1024]);
            await peer.SendAsync("{\"ok\":true,\"mes"u8.ToArray());
            await Task.Delay(50);
            await peer.SendAsync("sage\":\"first\"}\n{\"ok\":true,\"message\":\"second\"}\n"u8.ToArray());
        });

        var response = await Task.Run(() => Client().Request(new ControlRequest { Command = "status" }, Timeout));
        await server;

        Assert.True(response.Ok);
        Assert.Equal("first", response.Message);
    }

    [Fact]
    public async Task A_command_word_with_terminal_escapes_is_logged_escaped()
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger);
        server.Start();

        var response = await Client().RequestAsync(new ControlRequest { Command = "\u001b[2Jstatus" }, Timeout, CancellationToken.None);

        Assert.False(response.Ok);
        Assert.Contains(_logger.Lines, l => l.Contains("\\e[2Jstatus", StringComparison.Ordinal));
        Assert.DoesNotContain(_logger.Lines, l => l.Contains('\u001b', StringComparison.Ordinal));
    }
}
