using Multiwan.Configuration;
using Multiwan.System;

namespace Multiwan.Notifications;

/// <summary>
/// The SMTP password and webhook secrets: from <c>notifications.secrets_file</c> (root-only, <c>name=value</c> lines:
/// <c>smtp_password=...</c>, <c>webhook.NAME=...</c>) over inline config values. Never logged; <see cref="ToString"/> hides them.
/// </summary>
public sealed class Secrets
{
    private readonly Dictionary<string, string> _values;

    private Secrets(Dictionary<string, string> values) => _values = values;

    public static Secrets None { get; } = new([]);

    public string? SmtpPassword(EmailConfig email) => _values.GetValueOrDefault("smtp_password") ?? email.Password;

    public string? WebhookSecret(WebhookConfig webhook) => _values.GetValueOrDefault("webhook." + webhook.Name) ?? webhook.Secret;

    public override string ToString() => $"Secrets({_values.Count} from file)";

    /// <summary>Loads the secrets file when one is configured. A refused or unreadable file gives an error and no secrets from it.</summary>
    public static Secrets Load(NotificationsConfig config, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(config.SecretsFile))
        {
            return None;
        }

        if (StrictModes.CheckRootOnly(config.SecretsFile, "secrets file") is { } refusal)
        {
            error = refusal;
            return None;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(config.SecretsFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"secrets file {config.SecretsFile}: cannot read: {e.Message}";
            return None;
        }

        return new Secrets(Parse(lines, config.SecretsFile, out error));
    }

    internal static Dictionary<string, string> Parse(IReadOnlyList<string> lines, string file, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                // The line may hold a secret: say where, never what.
                error ??= $"{file}:{i + 1}: expected name=value (line ignored)";
                continue;
            }

            values[line[..eq].Trim()] = line[(eq + 1)..].Trim();
        }

        return values;
    }
}
