using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Multiwan.Notifications;

/// <summary>A tiny SMTP server on 127.0.0.1 that records what it receives (test only; loopback only).</summary>
internal sealed class SmtpSink : IAsyncDisposable
{
    private readonly X509Certificate2? _certificate;
    private readonly LoopbackSink<SmtpSinkMail> _sink;

    public SmtpSink(bool tls = false)
    {
        if (tls)
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            _certificate = X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pfx), null);
        }

        _sink = new LoopbackSink<SmtpSinkMail>(ServeAsync);
    }

    public int Port => _sink.Port;

    public List<SmtpSinkMail> Mails => _sink.Items;

    public Task<SmtpSinkMail> WaitForMailAsync(int count = 1) => _sink.WaitForAsync(count, "mail");

    public async ValueTask DisposeAsync()
    {
        await _sink.DisposeAsync();
        _certificate?.Dispose();
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        Stream stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.UTF8);
        var mail = new SmtpSinkMail();
        async Task Say(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
        await Say("220 sink ready");
        while (await reader.ReadLineAsync() is { } line)
        {
            mail.Commands.Add(line);
            var verb = line.Split(' ')[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await Say("250-sink" + (_certificate is not null && !mail.Tls ? "\r\n250-STARTTLS" : "") + "\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME");
                    break;
                case "STARTTLS":
                    await Say("220 go ahead");
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate!);
                    stream = tls;
                    reader = new StreamReader(tls, Encoding.UTF8);
                    mail.Tls = true;
                    break;
                case "AUTH":
                    var parts = Encoding.UTF8.GetString(Convert.FromBase64String(line.Split(' ')[2])).Split('\0');
                    (mail.User, mail.Password) = (parts[1], parts[2]);
                    await Say("235 ok");
                    break;
                case "DATA":
                    await Say("354 end with .");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine).Append('\n');
                    }

                    mail.RawData = data.ToString();
                    await Say("250 queued");
                    _sink.Add(mail);

                    break;
                case "QUIT":
                    await Say("221 bye");
                    return;
                default:
                    await Say("250 ok");
                    break;
            }
        }
    }
}

internal sealed class SmtpSinkMail
{
    public List<string> Commands { get; } = [];

    public string RawData { get; set; } = "";

    public bool Tls { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    public string Subject => RawData.Split('\n').First(l => l.StartsWith("Subject: ", StringComparison.Ordinal))["Subject: ".Length..];
}
