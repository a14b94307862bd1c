using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

public sealed record NotificationsConfig
{
    internal static RecordShape<NotificationsConfig> Schema { get; } = new RecordShape<NotificationsConfig>(_ => new NotificationsConfig())
        .Optional("email", EmailConfig.Schema, c => c.Email, (c, v) => c with { Email = v })
        .Key("webhooks", Scalars.ListOf<WebhookConfig>(WebhookConfig.Schema), c => c.Webhooks, (c, v) => c with { Webhooks = v })
        .Optional("secrets_file", Scalars.Text, c => c.SecretsFile, (c, v) => c with { SecretsFile = v });

    public EmailConfig? Email { get; init; }

    public IReadOnlyList<WebhookConfig> Webhooks { get; init; } = [];

    /// <summary>Root-only file holding secrets as <c>name=value</c> lines (<c>smtp_password</c>, <c>webhook.NAME</c>).</summary>
    public string? SecretsFile { get; init; }
}

public sealed record EmailConfig
{
    internal static RecordShape<EmailConfig> Schema { get; } = new RecordShape<EmailConfig>(_ => new EmailConfig())
        .Key("server", Scalars.Text, c => c.Server, (c, v) => c with { Server = v })
        .Key("port", Scalars.Int, c => c.Port, (c, v) => c with { Port = v })
        .Key("starttls", Scalars.Bool, c => c.Starttls, (c, v) => c with { Starttls = v })
        .Optional("username", Scalars.Text, c => c.Username, (c, v) => c with { Username = v })
        .Optional("password", Scalars.Text, c => c.Password, (c, v) => c with { Password = v })
        .Key("from", Scalars.Text, c => c.From, (c, v) => c with { From = v })
        .Key("to", Scalars.TextList, c => c.To, (c, v) => c with { To = v })
        .Key("aggregate", Scalars.Duration, c => c.Aggregate, (c, v) => c with { Aggregate = v })
        .Key("max_per_hour", Scalars.Int, c => c.MaxPerHour, (c, v) => c with { MaxPerHour = v });

    public string Server { get; init; } = "";

    public int Port { get; init; } = 25;

    public bool Starttls { get; init; }

    public string? Username { get; init; }

    /// <summary>Prefer <c>secrets_file</c>; never shown in logs or output.</summary>
    public string? Password { get; init; }

    public string From { get; init; } = "multiwan@localhost";

    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>Events within this window go out in one mail.</summary>
    public TimeSpan Aggregate { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most this many mails per hour.</summary>
    public int MaxPerHour { get; init; } = 20;
}

public sealed record WebhookConfig
{
    internal static RecordShape<WebhookConfig> Schema { get; } = new RecordShape<WebhookConfig>(_ => new WebhookConfig())
        .Key("name", Scalars.Text, c => c.Name, (c, v) => c with { Name = v })
        .Key("url", Scalars.Text, c => c.Url, (c, v) => c with { Url = v })
        .Optional("secret", Scalars.Text, c => c.Secret, (c, v) => c with { Secret = v })
        .Key("timeout", Scalars.Duration, c => c.Timeout, (c, v) => c with { Timeout = v })
        .Key("retries", Scalars.Int, c => c.Retries, (c, v) => c with { Retries = v });

    public string Name { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>HMAC-SHA256 key; the signature goes in <c>X-Multiwan-Signature: sha256=HEX</c>. Prefer <c>secrets_file</c>.</summary>
    public string? Secret { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int Retries { get; init; } = 3;
}
