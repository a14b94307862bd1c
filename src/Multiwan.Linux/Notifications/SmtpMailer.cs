using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Text;
using Multiwan.Configuration;

namespace Multiwan.Notifications;

/// <summary>
/// Sends one mail per session with MailKit's <see cref="SmtpClient"/>: EHLO, STARTTLS when configured (required then,
/// never opportunistic), AUTH with the strongest mechanism both sides offer, MAIL FROM, RCPT TO, DATA (MailKit does the
/// dot-stuffing), QUIT. Failures are values (a one-line error); the password is never in them.
/// </summary>
public sealed class SmtpMailer(TimeProvider timeProvider, RemoteCertificateValidationCallback? certificateValidation = null)
{
    /// <summary>Sends one mail; null on success, else what went wrong (server reply included, never the password).</summary>
    public async Task<string?> SendAsync(EmailConfig config, string? password, string subject, string body, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);

        // Cancellation sources: the notifier stopping (caller) and this session's timeout.
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var where = $"smtp {config.Server}:{config.Port}";
        try
        {
            using var message = Message(config, subject, body, timeProvider.GetUtcNow());
            using var client = new SmtpClient { LocalDomain = Environment.MachineName };
            if (certificateValidation is not null)
            {
                client.ServerCertificateValidationCallback = certificateValidation;
            }

            var security = config.Starttls ? SecureSocketOptions.StartTls : SecureSocketOptions.None;
            await client.ConnectAsync(config.Server, config.Port, security, linked.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(config.Username))
            {
                await client.AuthenticateAsync(new NetworkCredential(config.Username, password ?? ""), linked.Token).ConfigureAwait(false);
            }

            await client.SendAsync(message, linked.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return $"{where}: no answer within {timeout.TotalSeconds:0} s";
        }
        catch (NotSupportedException) when (config.Starttls)
        {
            return $"{where}: STARTTLS is configured but the server does not offer it";
        }
        catch (SmtpCommandException e)
        {
            return $"{where}: {e.ErrorCode}: expected success, got {(int)e.StatusCode} {e.Message}";
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException or MailKit.Security.AuthenticationException
                                      or global::System.Security.Authentication.AuthenticationException or SslHandshakeException or ParseException)
        {
            return $"{where}: {e.Message.ReplaceLineEndings(" ").Trim()}";
        }
    }

    /// <summary>The mail as MIME: plain UTF-8 text sent as 8bit (the body is short lines; no encoding needed).</summary>
    internal static MimeMessage Message(EmailConfig config, string subject, string body, DateTimeOffset now)
    {
        var message = new MimeMessage { Subject = subject, Date = now };
        message.From.Add(MailboxAddress.Parse(config.From));
        foreach (var to in config.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Body = new TextPart(TextFormat.Plain)
        {
            Text = body.ReplaceLineEndings("\n").TrimEnd('\n'),
            ContentTransferEncoding = ContentEncoding.EightBit,
        };
        return message;
    }
}
