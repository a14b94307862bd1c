namespace Multiwan.Cli;

/// <summary>A link of the deciding policy: its state in the family (<c>ipv6_only</c>, <c>no_ipv6</c> without that family), share 0–1 (4 decimals), why.</summary>
internal sealed record ExplainLinkJson(string Name, string State, double Share, string Why);
