using System.Globalization;

namespace Multiwan.Configuration;

/// <summary>Rules for <c>notifications:</c>, <c>hooks:</c> and <c>daemon:</c>.</summary>
internal static class NotificationRules
{
    private const string MailboxRule = "must be an e-mail address";

    public static void Check(MultiwanConfig config, DiagnosticBag d)
    {
        var n = config.Notifications;
        if (n.Email is { } email)
        {
            if (email.Server.Length == 0)
            {
                d.Error("notifications.email.server", "e-mail needs an SMTP server", email.Server);
            }

            if (email.To.Count == 0)
            {
                d.Error("notifications.email.to", "e-mail needs at least one recipient", "none");
            }

            for (var i = 0; i < email.To.Count; i++)
            {
                if (!NetSyntax.IsMailbox(email.To[i]))
                {
                    d.Error($"notifications.email.to[{i}]", MailboxRule, email.To[i]);
                }
            }

            if (!NetSyntax.IsMailbox(email.From))
            {
                d.Error("notifications.email.from", MailboxRule, email.From);
            }

            if (email.Server.Length > 0 && !NetSyntax.IsHost(email.Server))
            {
                d.Error("notifications.email.server", "must be a host name or IPv4 address", email.Server);
            }

            Between(email.Port, 1, 65535, "notifications.email.port", d);
            Between(email.MaxPerHour, 1, ConfigLimits.MaxPerHour, "notifications.email.max_per_hour", d);
            if (email.Aggregate < TimeSpan.Zero)
            {
                d.Error("notifications.email.aggregate", "must not be negative", email.Aggregate);
            }

            AtMost(email.Aggregate, ConfigLimits.ShortDuration, "notifications.email.aggregate", d);
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < n.Webhooks.Count; i++)
        {
            var hook = n.Webhooks[i];
            LinkRules.CheckName(hook.Name, $"notifications.webhooks[{i}].name", names, "webhook", d);
            if (!NetSyntax.IsAbsoluteHttpUrl(hook.Url))
            {
                d.Error($"notifications.webhooks[{i}].url", "must be an absolute http:// or https:// URL", hook.Url);
            }

            Positive(hook.Timeout, $"notifications.webhooks[{i}].timeout", d);
            AtMost(hook.Timeout, ConfigLimits.ShortDuration, $"notifications.webhooks[{i}].timeout", d);
            Between(hook.Retries, 0, 100, $"notifications.webhooks[{i}].retries", d);
        }

        Absolute(n.SecretsFile, "notifications.secrets_file", d);
        Absolute(config.Hooks.Directory, "hooks.directory", d);
        Absolute(config.Hooks.PreRun, "hooks.pre_run", d);
        Absolute(config.Hooks.PostRun, "hooks.post_run", d);
        Absolute(config.Firewall.NftDirectory, "firewall.nft_directory", d);
        Positive(config.Hooks.Timeout, "hooks.timeout", d);
        AtMost(config.Hooks.Timeout, ConfigLimits.ShortDuration, "hooks.timeout", d);
        Absolute(config.Daemon.Socket, "daemon.socket", d);
        Absolute(config.Daemon.StateDirectory, "daemon.state_directory", d);
        if (config.Daemon.JournalMaxBytes < 4096)
        {
            d.Error("daemon.journal_max_bytes", "must be at least 4096", config.Daemon.JournalMaxBytes);
        }
        else if (config.Daemon.JournalMaxBytes > ConfigLimits.JournalBytes)
        {
            d.Error("daemon.journal_max_bytes", $"must be at most {ConfigLimits.JournalBytes}", config.Daemon.JournalMaxBytes);
        }

        if (config.Daemon.Metrics is { } metrics && !IsHostPort(metrics))
        {
            d.Error("daemon.metrics", "must be ADDRESS:PORT such as 127.0.0.1:9733", metrics);
        }
    }

    private static bool IsHostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        return colon > 0 && NetSyntax.IsIpv4(text[..colon])
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;
    }

    private static void Between(int value, int min, int max, string path, DiagnosticBag d)
    {
        if (value < min || value > max)
        {
            d.Error(path, max == int.MaxValue ? $"must be {min} or more" : $"must be between {min} and {max}", value);
        }
    }

    private static void AtMost(TimeSpan value, TimeSpan max, string path, DiagnosticBag d)
    {
        if (value > max)
        {
            d.Error(path, $"must be at most {Duration.Format(max)}", value);
        }
    }

    private static void Positive(TimeSpan value, string path, DiagnosticBag d)
    {
        if (value <= TimeSpan.Zero)
        {
            d.Error(path, "must be longer than 0s", value);
        }
    }

    private static void Absolute(string? value, string path, DiagnosticBag d)
    {
        if (value is not null && !value.StartsWith('/'))
        {
            d.Error(path, "must be an absolute path", value);
        }
    }
}
