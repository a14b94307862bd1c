using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Multiwan.Control;

/// <summary>
/// The CLI's side of the control socket. Failing to reach the daemon is a value
/// (<see cref="ControlResponse.Unreachable"/> with one clear line), never an exception.
/// </summary>
public sealed class ControlClient(string socketPath, TimeProvider timeProvider)
{
    public const string DefaultSocket = "/run/multiwan/multiwan.sock";

    public string SocketPath => socketPath;

    /// <summary>
    /// Sends one request and reads its one response on the calling thread; <paramref name="timeout"/> bounds the whole
    /// exchange. The CLI's one-shot verbs use this: a blocking exchange starts no thread-pool or socket-engine thread,
    /// which is a third of a native <c>multiwan status</c>'s time (docs/BENCHMARKS.md).
    /// </summary>
    public ControlResponse Request(ControlRequest request, TimeSpan timeout)
    {
        var started = timeProvider.GetTimestamp();
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            return Unreachable(e);
        }

        var timedOut = ControlResponse.Fail($"the daemon did not answer within {timeout.TotalSeconds:0} s");
        var line = new List<byte>();
        ControlResponse? sendFailure = null;
        try
        {
            // The request is one short line: it fits the socket's buffer, so a blocking send returns at once.
            socket.Send(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, ControlJsonContext.Default.ControlRequest) + "\n"));
        }
        catch (SocketException e)
        {
            // A refusing daemon may answer and hang up before our request is written: read its answer even then.
            sendFailure = new ControlResponse { Ok = false, Error = $"the daemon closed the connection: {e.Message}", Unreachable = true };
        }

        var buffer = new byte[16 * 1024];
        while (true)
        {
            int received;
            try
            {
                // Poll, not ReceiveTimeout: on Linux a socket timeout moves .NET's socket onto its async engine and thread.
                var remaining = timeout - timeProvider.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero || !socket.Poll(remaining, SelectMode.SelectRead))
                {
                    return timedOut;
                }

                received = socket.Receive(buffer);
            }
            catch (SocketException)
            {
                received = 0; // A reset after the last line is the daemon closing: end of stream.
            }

            var end = Array.IndexOf(buffer, (byte)'\n', 0, received);
            line.AddRange(buffer.AsSpan(0, end >= 0 ? end : received));
            if (end >= 0 || received == 0)
            {
                break;
            }
        }

        return line.Count > 0
            ? Parse(Encoding.UTF8.GetString([.. line]))
            : sendFailure ?? ControlResponse.Fail("the daemon closed the connection without answering");
    }

    /// <summary>Sends one request and reads its one response; <paramref name="timeout"/> bounds the whole exchange.</summary>
    public async Task<ControlResponse> RequestAsync(ControlRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Cancellation sources: the caller (Ctrl-C) and this request's timeout.
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await foreach (var response in StreamAsync(request, linked.Token).ConfigureAwait(false))
            {
                return response;
            }

            return ControlResponse.Fail("the daemon closed the connection without answering");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return ControlResponse.Fail($"the daemon did not answer within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Sends one request and yields every response line until the daemon closes the connection (for <c>monitor</c>).</summary>
    public async IAsyncEnumerable<ControlResponse> StreamAsync(ControlRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var failure = await ConnectAsync(socket, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            yield return failure;
            yield break;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var line = JsonSerializer.Serialize(request, ControlJsonContext.Default.ControlRequest) + "\n";
        // A refusing daemon may answer and hang up before our request is written: read its answer even then.
        var sendFailure = await SendAsync(stream, line, cancellationToken).ConfigureAwait(false);
        var answered = false;

        while (true)
        {
            string? text;
            try
            {
                text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                text = null;
                _ = e; // A reset after the last line is the daemon closing: end of stream.
            }

            if (text is null)
            {
                if (!answered && sendFailure is not null)
                {
                    yield return sendFailure;
                }

                yield break;
            }

            answered = true;
            yield return Parse(text);
        }
    }

    private static ControlResponse Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, ControlJsonContext.Default.ControlResponse) ?? ControlResponse.Fail("empty answer from the daemon");
        }
        catch (JsonException e)
        {
            return ControlResponse.Fail($"unreadable answer from the daemon: {e.Message}");
        }
    }


    private async Task<ControlResponse?> ConnectAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SocketException e)
        {
            return Unreachable(e);
        }
    }

    private ControlResponse Unreachable(SocketException e)
    {
        var error = e.SocketErrorCode switch
        {
            SocketError.AccessDenied => ControlServer.PermissionDenied,
            _ when !File.Exists(socketPath) => $"the daemon is not running (no control socket at {socketPath}); start it with 'systemctl start multiwan' or 'multiwan run'",
            SocketError.ConnectionRefused or SocketError.AddressNotAvailable
                => $"the daemon is not running (nothing listens on {socketPath}); start it with 'systemctl start multiwan' or 'multiwan run'",
            _ => $"cannot reach the daemon at {socketPath}: {e.Message}",
        };
        return new ControlResponse { Ok = false, Error = error, Unreachable = true };
    }

    private static async Task<ControlResponse?> SendAsync(NetworkStream stream, string line, CancellationToken cancellationToken)
    {
        try
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (IOException e)
        {
            return new ControlResponse { Ok = false, Error = $"the daemon closed the connection: {e.Message}", Unreachable = true };
        }
    }
}
