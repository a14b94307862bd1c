namespace Multiwan.Cli;

/// <summary>A rule passed over and why.</summary>
internal sealed record ExplainRuleJson(string Rule, string Why);
