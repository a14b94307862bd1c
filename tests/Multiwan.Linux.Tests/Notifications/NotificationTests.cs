using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Multiwan.Configuration;
using Multiwan.Events;
using Multiwan.Support;
using Multiwan.Tracking;

namespace Multiwan.Notifications;

public sealed class NotificationTests
{
    private const string Password = "s3cret-smtp-PW";
    private const string HookSecret = "hmac-key-Zz9";

    private readonly ListLogger _logger = new();

    private static LinkEvent Event(string link, LinkState old, LinkState now) => new()
    {
        Timestamp = DateTimeOffset.UtcNow,
        Kind = EventKind.StateChange,
        Link = link,
        Device = "eth0",
        OldState = old,
        NewState = now,
        Reason = "3 rounds failed",
        LossPercent = 100,
    };

    private static EmailConfig Email(int port, TimeSpan? aggregate = null) => new()
    {
        Server = "127.0.0.1",
        Port = port,
        From = "multiwan@router.test",
        To = ["ops@router.test"],
        Aggregate = aggregate ?? TimeSpan.FromMilliseconds(300),
    };

    [Fact]
    public async Task A_burst_goes_out_as_one_mail_whose_subject_names_link_and_state()
    {
        await using var sink = new SmtpSink();
        await using var mail = new EmailNotifier(Email(sink.Port), null, new SmtpMailer(TimeProvider.System), _logger, TimeProvider.System);
        mail.Start();

        mail.Enqueue(Event("fiber", LinkState.Disconnecting, LinkState.Offline));
        mail.Enqueue(Event("dsl", LinkState.Connecting, LinkState.Online));
        mail.Enqueue(Event("dsl", LinkState.Online, LinkState.Disconnecting)); // not mail-worthy

        var received = await sink.WaitForMailAsync();

        Assert.EndsWith(": fiber offline, dsl online", received.Subject, StringComparison.Ordinal);
        Assert.Contains("fiber (eth0): state disconnecting -> offline: 3 rounds failed [loss 100 %]", received.RawData, StringComparison.Ordinal);
        Assert.Contains("MAIL FROM:<multiwan@router.test>", received.Commands);
        Assert.Contains("RCPT TO:<ops@router.test>", received.Commands);
        await Task.Delay(700);
        Assert.Single(sink.Mails);
    }

    [Fact]
    public async Task Starttls_and_auth_plain_use_the_password_from_the_secrets_file_which_is_never_logged()
    {
        using var dir = new TempDirectory();
        var secretsPath = dir.Combine("secrets");
        File.WriteAllText(secretsPath, $"# multiwan secrets\nsmtp_password = {Password}\nwebhook.ops={HookSecret}\n");
        File.SetUnixFileMode(secretsPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var sink = new SmtpSink(tls: true);
        var config = new NotificationsConfig { SecretsFile = secretsPath, Email = Email(sink.Port) with { Starttls = true, Username = "router" } };
        var secrets = Secrets.Load(config, out var error);
        Assert.Null(error);
        var mailer = new SmtpMailer(TimeProvider.System, certificateValidation: (_, _, _, _) => true);
        await using var mail = new EmailNotifier(config.Email!, secrets.SmtpPassword(config.Email!), mailer, _logger, TimeProvider.System);
        mail.Start();

        mail.Enqueue(Event("fiber", LinkState.Online, LinkState.Offline));
        var received = await sink.WaitForMailAsync();

        Assert.True(received.Tls);
        Assert.Equal(("router", Password), (received.User, received.Password));
        Assert.DoesNotContain(Password, _logger.All, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, secrets.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_starting_with_a_dot_are_stuffed_on_the_wire()
    {
        await using var sink = new SmtpSink();

        var error = await new SmtpMailer(TimeProvider.System).SendAsync(Email(sink.Port), null, "dots", "a\n.hidden\nb", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Null(error);
        var received = await sink.WaitForMailAsync();
        Assert.Contains("\na\n..hidden\nb\n", received.RawData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starttls_configured_but_not_offered_is_a_one_line_error_and_no_mail()
    {
        await using var sink = new SmtpSink();

        var error = await new SmtpMailer(TimeProvider.System).SendAsync(Email(sink.Port) with { Starttls = true }, null, "s", "b", TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.Equal($"smtp 127.0.0.1:{sink.Port}: STARTTLS is configured but the server does not offer it", error);
        Assert.Empty(sink.Mails);
    }

    [Fact]
    public async Task Mails_past_the_hourly_limit_wait()
    {
        await using var sink = new SmtpSink();
        await using var mail = new EmailNotifier(Email(sink.Port, TimeSpan.FromMilliseconds(100)) with { MaxPerHour = 1 }, null, new SmtpMailer(TimeProvider.System), _logger, TimeProvider.System);
        mail.Start();

        mail.Enqueue(Event("fiber", LinkState.Online, LinkState.Offline));
        await sink.WaitForMailAsync();
        mail.Enqueue(Event("fiber", LinkState.Connecting, LinkState.Online));
        for (var i = 0; i < 100 && !_logger.All.Contains("mails in the last hour", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }

        Assert.Contains("1 mails in the last hour", _logger.All, StringComparison.Ordinal);
        Assert.Single(sink.Mails);
    }

    [Fact]
    public async Task Webhook_posts_the_event_signed_with_hmac_sha256()
    {
        await using var sink = new HttpSink();
        await using var hook = new WebhookNotifier(new WebhookConfig { Name = "ops", Url = sink.Url }, HookSecret, _logger, TimeProvider.System);
        hook.Start();

        hook.Enqueue(Event("fiber", LinkState.Online, LinkState.Offline));
        var request = await sink.WaitForRequestAsync();

        Assert.Equal("POST /hook HTTP/1.1", request.RequestLine);
        Assert.Contains("\"link\":\"fiber\"", request.Body, StringComparison.Ordinal);
        Assert.Contains("\"new_state\":\"offline\"", request.Body, StringComparison.Ordinal);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HookSecret), Encoding.UTF8.GetBytes(request.Body)));
        Assert.Equal(expected, request.Headers["X-Multiwan-Signature"]);
        Assert.Equal("state_change", request.Headers["X-Multiwan-Event"]);
    }

    [Fact]
    public async Task Webhook_retries_server_errors_with_backoff_and_never_logs_its_secret()
    {
        await using var sink = new HttpSink(500, 503);
        await using var hook = new WebhookNotifier(new WebhookConfig { Name = "ops", Url = sink.Url, Retries = 3 }, HookSecret, _logger, TimeProvider.System, TimeSpan.FromMilliseconds(50));
        hook.Start();

        hook.Enqueue(Event("fiber", LinkState.Online, LinkState.Offline));
        await sink.WaitForRequestAsync(3);
        for (var i = 0; i < 100 && hook.Delivered == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, hook.Delivered);
        Assert.Equal(2, _logger.Lines.Count(l => l.Contains("webhook ops: attempt", StringComparison.Ordinal)));
        Assert.DoesNotContain(HookSecret, _logger.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dead_sinks_delay_nothing_else()
    {
        // A mail server that accepts connections but never speaks, and a webhook port where nobody listens.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var deadPort = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedUrl = $"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}/";
        closed.Stop();
        await using var live = new HttpSink();
        var config = new NotificationsConfig
        {
            Email = Email(deadPort, TimeSpan.Zero),
            Webhooks = [new WebhookConfig { Name = "dead", Url = closedUrl, Retries = 5 }, new WebhookConfig { Name = "live", Url = live.Url }],
        };
        await using var hub = new NotificationHub(config, _logger, TimeProvider.System);
        Assert.Equal(3, hub.SinkCount);

        hub.Enqueue(Event("fiber", LinkState.Online, LinkState.Offline));
        hub.Enqueue(Event("fiber", LinkState.Connecting, LinkState.Online));

        await live.WaitForRequestAsync(2);
    }

    [Fact]
    public void A_secrets_file_readable_by_others_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("secrets");
        File.WriteAllText(path, $"smtp_password={Password}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var secrets = Secrets.Load(new NotificationsConfig { SecretsFile = path }, out var error);

        Assert.Equal($"secrets file {path} is refused: accessible by group or others (mode 0604); run chmod 0600 {path}", error);
        Assert.Null(secrets.SmtpPassword(new EmailConfig()));
    }

    [Fact]
    public void A_malformed_secrets_line_is_reported_by_line_without_its_content()
    {
        var values = Secrets.Parse(["smtp_password=a=b", "oops-no-equals-" + Password], "/etc/multiwan/secrets", out var error);

        Assert.Equal("a=b", values["smtp_password"]);
        Assert.Equal("/etc/multiwan/secrets:2: expected name=value (line ignored)", error);
    }
}
