using System.Net.Security;
using System.Text;

namespace Multiwan.Notifications;

/// <summary>The line protocol under <see cref="SmtpMailer"/>: send a command, read a (multi-line) reply, check its code.</summary>
internal sealed class SmtpSession(Stream stream)
{
    private Stream _stream = stream;
    private StreamReader _reader = new(stream, Encoding.ASCII);

    /// <summary>Sends <paramref name="command"/> (unless null) and expects <paramref name="code"/>; null when it came, else the error.</summary>
    /// <param name="redact">Shown instead of the command in errors (credentials).</param>
    public async Task<string?> ExpectAsync(string? command, int code, CancellationToken ct, string? redact = null)
    {
        if (command is not null)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"), ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
        }

        var (got, lines) = await ReadReplyAsync(ct).ConfigureAwait(false);
        if (got == code || (code == 250 && got == 251))
        {
            return null;
        }

        var what = command is null ? "greeting" : redact ?? command.Split(' ', 2)[0] + (command.StartsWith("MAIL", StringComparison.Ordinal) || command.StartsWith("RCPT", StringComparison.Ordinal) ? " " + command.Split(' ', 2)[^1] : "");
        return $"smtp: {what}: expected {code}, got {(got < 0 ? "nothing" : string.Join(" / ", lines))}";
    }

    public async Task<(string? Error, HashSet<string> Capabilities)> EhloAsync(string host, CancellationToken ct)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"EHLO {host}\r\n"), ct).ConfigureAwait(false);
        var (code, lines) = await ReadReplyAsync(ct).ConfigureAwait(false);
        if (code != 250)
        {
            return ($"smtp: EHLO: expected 250, got {string.Join(" / ", lines)}", []);
        }

        var capabilities = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var text = line.Length > 4 ? line[4..].Trim() : "";
            capabilities.Add(text.Split(' ')[0]);
            if (text.StartsWith("AUTH", StringComparison.OrdinalIgnoreCase))
            {
                foreach (var mechanism in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1))
                {
                    capabilities.Add("AUTH " + mechanism.ToUpperInvariant());
                }
            }
        }

        return (null, capabilities);
    }

    public async Task StartTlsAsync(string host, RemoteCertificateValidationCallback? validation, CancellationToken ct)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, validation);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, ct).ConfigureAwait(false);
        _stream = tls;
        _reader = new StreamReader(tls, Encoding.ASCII);
    }

    private async Task<(int Code, List<string> Lines)> ReadReplyAsync(CancellationToken ct)
    {
        var lines = new List<string>();
        while (await _reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            lines.Add(line);
            if (line.Length < 4 || line[3] != '-')
            {
                return (int.TryParse(line.AsSpan(0, Math.Min(3, line.Length)), out var code) ? code : -1, lines);
            }
        }

        return (-1, lines);
    }
}
