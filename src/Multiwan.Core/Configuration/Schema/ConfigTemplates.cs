namespace Multiwan.Configuration.Schema;

/// <summary>Values a new record starts from: a link's health starts as the global <c>health:</c>.</summary>
internal sealed record ConfigTemplates(HealthConfig Health)
{
    public static ConfigTemplates Defaults { get; } = new(new HealthConfig());
}
