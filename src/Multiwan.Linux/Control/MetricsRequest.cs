using System.Buffers;
using System.Text;

namespace Multiwan.Control;

/// <summary>
/// The head of one HTTP/1.x request to the metrics listener, read with bounds: at most <see cref="MaxHeadBytes"/>
/// up to the blank line that ends the headers (or the end of the stream after a request line). The request line
/// must be <c>METHOD /target HTTP/1.x</c> in printable ASCII; anything else is a 400 with a reason, never an
/// exception. Headers are read only to find where they end.
/// </summary>
internal readonly record struct MetricsRequest(string? Method, string? Target, string? Error)
{
    public const int MaxHeadBytes = 8 * 1024;

    public static async Task<MetricsRequest> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new ArrayBufferWriter<byte>(512);
        var buffer = new byte[1024];
        while (!EndsHead(head.WrittenSpan))
        {
            var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            if (head.WrittenCount + read > MaxHeadBytes)
            {
                return new(null, null, $"request line and headers longer than {MaxHeadBytes} bytes");
            }

            head.Write(buffer.AsSpan(0, read));
        }

        var end = head.WrittenSpan.IndexOf((byte)'\n');
        return end < 0 ? new(null, null, "no complete request line") : Parse(head.WrittenSpan[..end]);
    }

    private static MetricsRequest Parse(ReadOnlySpan<byte> line)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line = line[..^1];
        }

        foreach (var b in line)
        {
            if (b is < 0x20 or >= 0x7f)
            {
                return new(null, null, "the request line holds a control or non-ASCII character");
            }
        }

        var parts = Encoding.ASCII.GetString(line).Split(' ');
        return parts.Length == 3 && parts[0].Length > 0 && parts[0].All(char.IsAsciiLetterUpper)
            && parts[1].StartsWith('/') && parts[2] is "HTTP/1.0" or "HTTP/1.1"
            ? new(parts[0], parts[1], null)
            : new(null, null, "expected a request line METHOD /path HTTP/1.x");
    }

    private static bool EndsHead(ReadOnlySpan<byte> head) =>
        head.IndexOf("\r\n\r\n"u8) >= 0 || head.IndexOf("\n\n"u8) >= 0;
}
