using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;
using Multiwan.Text;

namespace Multiwan.Control;

/// <summary>
/// The control socket's read boundary: at most <see cref="MaxRequestBytes"/> up to the first newline (or the end of
/// the stream), parsed as one <see cref="ControlRequest"/>. Anything else (too long, not UTF-8, not JSON, not a
/// request) is an error text for the reply, never an exception: the server answers it and keeps serving.
/// </summary>
internal static class ControlRequestReader
{
    /// <summary>A real request is well under 1 KiB; this leaves room and bounds what a client can make us hold.</summary>
    public const int MaxRequestBytes = 64 * 1024;

    /// <summary>How much of an oversized request is read and thrown away so that the error reply arrives.</summary>
    public const int MaxDiscardBytes = 16 * 1024 * 1024;

    /// <returns>The request, or an error for the reply, or neither when the client left without sending anything.</returns>
    public static async Task<(ControlRequest? Request, string? Error)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var line = new ArrayBufferWriter<byte>(256);
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', 0, read);
            var take = newline < 0 ? read : newline;
            if (line.WrittenCount + take > MaxRequestBytes)
            {
                return (null, $"bad request: longer than {MaxRequestBytes} bytes");
            }

            line.Write(buffer.AsSpan(0, take));
            if (newline >= 0)
            {
                break;
            }
        }

        return line.WrittenCount == 0 ? (null, null) : Parse(line.WrittenSpan);
    }

    /// <summary>
    /// After an error reply: ends our side (the client reads the reply, then end of stream) and discards what the
    /// client still sends, up to <see cref="MaxDiscardBytes"/>, until it closes. Closing a Unix socket with unread
    /// bytes would reset the connection and could destroy the reply before the client reads it.
    /// </summary>
    public static async Task DrainAsync(Socket client, CancellationToken cancellationToken)
    {
        client.Shutdown(SocketShutdown.Send);
        var buffer = new byte[16 * 1024];
        for (var discarded = 0; discarded < MaxDiscardBytes;)
        {
            var read = await client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            discarded += read;
        }
    }

    public static (ControlRequest? Request, string? Error) Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            return JsonSerializer.Deserialize(utf8, ControlJsonContext.Default.ControlRequest) is { } request
                ? (request, null)
                : (null, "bad request: empty");
        }
        catch (JsonException e)
        {
            // The parser's message may quote the offending text: shown escaped and short.
            return (null, $"bad request: {SafeText.Show(e.Message, 200)}");
        }
    }
}
