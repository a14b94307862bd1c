namespace Multiwan.Configuration;

public sealed record NotificationsConfig
{
    public EmailConfig? Email { get; init; }

    public IReadOnlyList<WebhookConfig> Webhooks { get; init; } = [];

    /// <summary>Root-only file holding secrets as <c>name=value</c> lines (<c>smtp_password</c>, <c>webhook.NAME</c>).</summary>
    public string? SecretsFile { get; init; }
}

public sealed record EmailConfig
{
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
    public string Name { get; init; } = "";

    public string Url { get; init; } = "";

    /// <summary>HMAC-SHA256 key; the signature goes in <c>X-Multiwan-Signature: sha256=HEX</c>. Prefer <c>secrets_file</c>.</summary>
    public string? Secret { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    public int Retries { get; init; } = 3;
}
