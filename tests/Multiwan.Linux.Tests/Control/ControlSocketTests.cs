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

    [Fact]
    public async Task Request_and_response_round_trip_and_socket_is_0600_in_a_0755_directory()
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger);
        server.Start();
        _handler.Answer = ControlResponse.Done("fiber forced down");

        var response = await Client().RequestAsync(new ControlRequest { Command = "link", Link = "fiber", Action = "down" }, Timeout, CancellationToken.None);

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

    [Fact]
    public async Task A_caller_with_another_uid_gets_one_error_line_and_is_logged()
    {
        await using var server = new ControlServer(SocketPath, _handler, _logger, allowedUid: 4242);
        server.Start();

        var response = await Client().RequestAsync(new ControlRequest { Command = "status" }, Timeout, CancellationToken.None);

        Assert.False(response.Ok);
        Assert.Equal("permission denied: the control socket accepts root only", response.Error);
        Assert.Empty(_handler.Requests);
        Assert.Contains(_logger.Lines, l => l.Contains("refused a caller with uid 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Daemon_not_running_is_a_clear_value()
    {
        var response = await Client().RequestAsync(new ControlRequest { Command = "status" }, Timeout, CancellationToken.None);

        Assert.True(response.Unreachable);
        Assert.StartsWith("the daemon is not running", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_socket_file_without_a_listener_reads_as_not_running()
    {
        await using (var server = new ControlServer(SocketPath, _handler, _logger))
        {
            server.Start();
        }

        using var stale = new global::System.Net.Sockets.Socket(global::System.Net.Sockets.AddressFamily.Unix, global::System.Net.Sockets.SocketType.Stream, global::System.Net.Sockets.ProtocolType.Unspecified);
        stale.Bind(new global::System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));

        var response = await Client().RequestAsync(new ControlRequest { Command = "status" }, Timeout, CancellationToken.None);

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
}
