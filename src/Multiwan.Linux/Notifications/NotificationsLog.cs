using Microsoft.Extensions.Logging;

namespace Multiwan.Notifications;

/// <summary>Log messages of mail and webhook notifications (event ids 5300–5399). Never given a secret.</summary>
internal static partial class NotificationsLog
{
    [LoggerMessage(5300, LogLevel.Information, "mail to {To}: sent \"{Subject}\"")]
    public static partial void MailSent(ILogger logger, string to, string subject);

    [LoggerMessage(5301, LogLevel.Error, "mail of {Count} event(s) not sent: {Error}")]
    public static partial void MailFailed(ILogger logger, int count, string error);

    [LoggerMessage(5302, LogLevel.Warning, "mail: {MaxPerHour} mails in the last hour; next one in {Wait}")]
    public static partial void MailRateLimited(ILogger logger, int maxPerHour, TimeSpan wait);

    [LoggerMessage(5303, LogLevel.Warning, "webhook {Name}: attempt {Attempt} failed: {Error}")]
    public static partial void WebhookRetry(ILogger logger, string name, int attempt, string error);

    [LoggerMessage(5304, LogLevel.Error, "webhook {Name}: event dropped after {Attempts} attempt(s): {Error}")]
    public static partial void WebhookFailed(ILogger logger, string name, int attempts, string error);

    [LoggerMessage(5305, LogLevel.Error, "notifications: {Error}")]
    public static partial void SecretsRefused(ILogger logger, string error);
}
