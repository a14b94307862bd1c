namespace Multiwan.Configuration;

/// <summary>Every semantic rule over a bound config. Each rule runs (no short-circuit) so all errors are reported at once.</summary>
internal static class ConfigValidator
{
    public static void Validate(MultiwanConfig config, DiagnosticBag diagnostics)
    {
        TextRules.Check(config, diagnostics);
        LinkRules.Check(config, diagnostics);
        HealthRules.Check(config.Health, "health", diagnostics, writtenOnly: false);
        for (var i = 0; i < config.Links.Count; i++)
        {
            // A link's health is the global one plus its overrides: only rules touching an override can fail anew.
            HealthRules.Check(config.Links[i].Health, $"links[{i}].health", diagnostics, writtenOnly: true);
        }

        Ipv6Rules.Check(config, diagnostics);
        Ipv6OnlyRules.Check(config, diagnostics);
        PolicyRules.Check(config, diagnostics);
        KernelRules.Check(config, diagnostics);
        FirewallRules.Check(config, diagnostics);
        NotificationRules.Check(config, diagnostics);
        NftNameRules.Check(config, diagnostics);
        SelectionRules.Check(config, diagnostics);
    }
}
