using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Multiwan.Text;

namespace Multiwan.Control;

/// <summary>
/// The daemon's control socket: a Unix stream socket (mode 0600 in a 0755 directory) taking one JSON request line
/// per connection and answering JSON lines. Only uid 0 is served (checked with SO_PEERCRED); anyone else gets one
/// error line and is disconnected. A request is bounded (<see cref="ControlRequestReader.MaxRequestBytes"/>) and must
/// arrive within 10 s; a malformed one gets an error line, and the server keeps serving. <c>monitor</c> streams one
/// line per event until the client goes away.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    public const string PermissionDenied = "permission denied: the control socket accepts root only";

    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly string _path;
    private readonly IControlHandler _handler;
    private readonly ILogger _logger;
    private readonly UnixFileMode _socketMode;
    private readonly uint _allowedUid;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _connections = [];
    private Socket? _listener;
    private volatile bool _closing;
    private Task? _acceptLoop;

    /// <param name="socketMode">0600 in production; tests loosen it to reach the peer-credential check.</param>
    public ControlServer(string path, IControlHandler handler, ILogger logger, UnixFileMode socketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite, uint allowedUid = 0, TimeProvider? timeProvider = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _path = path;
        _handler = handler;
        _logger = logger;
        _socketMode = socketMode;
        _allowedUid = allowedUid;
    }

    public string Path => _path;

    /// <summary>Binds and listens. A leftover socket file (the single-instance lock is held by now) is replaced.</summary>
    public void Start()
    {
        var directory = global::System.IO.Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        if (File.Exists(_path))
        {
            File.Delete(_path);
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_path));
        File.SetUnixFileMode(_path, _socketMode);
        listener.Listen(16);
        _listener = listener;
        _acceptLoop = Task.Run(AcceptLoopAsync);
        ControlLog.Listening(_logger, _path);
    }

    public async ValueTask DisposeAsync()
    {
        // Stop accepting, let answers in flight (the reply to `stop` itself) be written, then cut what is left.
        _closing = true;
        _listener?.Dispose();
        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAny(Task.WhenAll(connections), Task.Delay(TimeSpan.FromSeconds(5), _timeProvider)).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections).ConfigureAwait(false);
        try
        {
            File.Delete(_path);
        }
        catch (IOException e)
        {
            ControlLog.CannotRemove(_logger, _path, e.Message);
        }

        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_closing)
                {
                    return; // The listener was closed: we are stopping.
                }

                // Out of file descriptors or the like: say so and keep serving.
                ControlLog.ConnectionEnded(_logger, $"accept failed: {e.Message}");
                await Task.Delay(TimeSpan.FromMilliseconds(100), _timeProvider).ConfigureAwait(false);
                continue;
            }

            var task = ServeAsync(client);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        await using var stream = new NetworkStream(client, ownsSocket: false);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        try
        {
            var peer = PeerCredentials.Read(client);
            if (peer is not { } credentials || credentials.Uid != _allowedUid)
            {
                ControlLog.Refused(_logger, peer?.Uid.ToString(global::System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", peer?.Pid ?? 0);
                await WriteAsync(writer, ControlResponse.Fail(PermissionDenied)).ConfigureAwait(false);
                return;
            }

            // Cancellation sources: the server stopping, and a client whose request has not arrived whole within 10 s.
            using var idle = new CancellationTokenSource(TimeSpan.FromSeconds(10), _timeProvider);
            using var readTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, idle.Token);
            var (request, bad) = await ControlRequestReader.ReadAsync(stream, readTimeout.Token).ConfigureAwait(false);
            if (bad is not null)
            {
                await WriteAsync(writer, ControlResponse.Fail(bad)).ConfigureAwait(false);
                await ControlRequestReader.DrainAsync(client, readTimeout.Token).ConfigureAwait(false);
                return;
            }

            if (request is null)
            {
                return; // The client left without a word.
            }

            ControlLog.Request(_logger, SafeText.Show(request.Command), credentials.Pid); // The raw word: the parser has not judged it yet.
            var (command, error) = ControlRequestParser.Parse(request);
            var response = command switch
            {
                null => ControlResponse.Fail(error!),
                ControlCommand.Monitor => null,
                _ => await _handler.HandleAsync(command, _stopping.Token).ConfigureAwait(false),
            };
            await (response is null ? MonitorAsync(client, writer) : WriteAsync(writer, response)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            ControlLog.ConnectionEnded(_logger, e.Message);
        }
    }

    private async Task MonitorAsync(Socket client, StreamWriter writer)
    {
        // Cancellation sources: the server stopping, and the client hanging up (a zero-byte read).
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var watch = WatchHangupAsync(client, gone);
        await WriteAsync(writer, ControlResponse.Done("monitoring")).ConfigureAwait(false);
        try
        {
            await foreach (var linkEvent in _handler.MonitorAsync(gone.Token).ConfigureAwait(false))
            {
                await WriteAsync(writer, new ControlResponse { Ok = true, Event = linkEvent }).ConfigureAwait(false);
            }
        }
        finally
        {
            await gone.CancelAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
        }
    }

    private static async Task WatchHangupAsync(Socket client, CancellationTokenSource gone)
    {
        var buffer = new byte[256];
        try
        {
            while (await client.ReceiveAsync(buffer, SocketFlags.None, gone.Token).ConfigureAwait(false) > 0)
            {
                // The monitor protocol sends nothing after the request; ignore stray bytes.
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Either we are done or the peer reset the connection: both end the stream below.
        }

        await gone.CancelAsync().ConfigureAwait(false);
    }

    private static Task WriteAsync(StreamWriter writer, ControlResponse response) =>
        writer.WriteLineAsync(JsonSerializer.Serialize(response, ControlJsonContext.Default.ControlResponse));
}
