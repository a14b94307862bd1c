using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Multiwan.Configuration;

namespace Multiwan.Notifications;

/// <summary>
/// A small SMTP client (RFC 5321): EHLO, optional STARTTLS, AUTH PLAIN or LOGIN, MAIL FROM, RCPT TO, DATA with
/// dot-stuffing, QUIT. One mail per session. Failures are values (a one-line error); the password is never in them.
/// </summary>
public sealed class SmtpMailer(TimeProvider timeProvider, RemoteCertificateValidationCallback? certificateValidation = null)
{
    /// <summary>Sends one mail; null on success, else what went wrong (server reply included, never the password).</summary>
    public async Task<string?> SendAsync(EmailConfig config, string? password, string subject, string body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Cancellation sources: the notifier stopping (caller) and this session's timeout.
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(config.Server, config.Port, linked.Token).ConfigureAwait(false);
            var session = new SmtpSession(tcp.GetStream());
            return await ConverseAsync(session, config, password, subject, body, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return $"smtp {config.Server}:{config.Port}: no answer within {timeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is SocketException or IOException or global::System.Security.Authentication.AuthenticationException)
        {
            return $"smtp {config.Server}:{config.Port}: {e.Message}";
        }
    }

    private async Task<string?> ConverseAsync(SmtpSession s, EmailConfig config, string? password, string subject, string body, CancellationToken ct)
    {
        var host = Environment.MachineName;
        if (await s.ExpectAsync(null, 220, ct).ConfigureAwait(false) is { } greeting)
        {
            return greeting;
        }

        var (ehloError, capabilities) = await s.EhloAsync(host, ct).ConfigureAwait(false);
        if (ehloError is not null)
        {
            return ehloError;
        }

        if (config.Starttls)
        {
            if (!capabilities.Contains("STARTTLS"))
            {
                return $"smtp {config.Server}: STARTTLS is configured but the server does not offer it";
            }

            if (await s.ExpectAsync("STARTTLS", 220, ct).ConfigureAwait(false) is { } tlsError)
            {
                return tlsError;
            }

            await s.StartTlsAsync(config.Server, certificateValidation, ct).ConfigureAwait(false);
            (ehloError, capabilities) = await s.EhloAsync(host, ct).ConfigureAwait(false);
            if (ehloError is not null)
            {
                return ehloError;
            }
        }

        if (!string.IsNullOrEmpty(config.Username) && await AuthenticateAsync(s, capabilities, config.Username, password ?? "", ct).ConfigureAwait(false) is { } authError)
        {
            return authError;
        }

        if (await s.ExpectAsync($"MAIL FROM:<{config.From}>", 250, ct).ConfigureAwait(false) is { } fromError)
        {
            return fromError;
        }

        foreach (var to in config.To)
        {
            if (await s.ExpectAsync($"RCPT TO:<{to}>", 250, ct).ConfigureAwait(false) is { } rcptError)
            {
                return rcptError;
            }
        }

        if (await s.ExpectAsync("DATA", 354, ct).ConfigureAwait(false) is { } dataError)
        {
            return dataError;
        }

        var message = Message(config, subject, body, host);
        if (await s.ExpectAsync(DotStuff(message) + "\r\n.", 250, ct).ConfigureAwait(false) is { } sendError)
        {
            return sendError;
        }

        await s.ExpectAsync("QUIT", 221, ct).ConfigureAwait(false);
        return null;
    }

    private static async Task<string?> AuthenticateAsync(SmtpSession s, HashSet<string> capabilities, string user, string password, CancellationToken ct)
    {
        if (capabilities.Contains("AUTH PLAIN") || !capabilities.Contains("AUTH LOGIN"))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"\0{user}\0{password}"));
            return await s.ExpectAsync($"AUTH PLAIN {token}", 235, ct, redact: "AUTH PLAIN").ConfigureAwait(false);
        }

        return await s.ExpectAsync("AUTH LOGIN", 334, ct).ConfigureAwait(false)
            ?? await s.ExpectAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(user)), 334, ct, redact: "(user name)").ConfigureAwait(false)
            ?? await s.ExpectAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(password)), 235, ct, redact: "(password)").ConfigureAwait(false);
    }

    internal static string Message(EmailConfig config, string subject, string body, string host)
    {
        var date = DateTimeOffset.UtcNow.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var headers = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"From: {config.From}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: {string.Join(", ", config.To)}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Subject: {subject}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {date}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Message-ID: <{Guid.NewGuid():N}@{host}>\r\n")
            .Append("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        return headers + body.ReplaceLineEndings("\r\n").TrimEnd('\r', '\n');
    }

    /// <summary>RFC 5321 4.5.2: a line starting with a dot gets one more.</summary>
    internal static string DotStuff(string message) =>
        string.Join("\r\n", message.Split("\r\n").Select(line => line.StartsWith('.') ? "." + line : line));
}
