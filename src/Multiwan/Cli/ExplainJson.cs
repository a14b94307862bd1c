namespace Multiwan.Cli;

/// <summary>The <c>multiwan explain --json</c> document: a public contract (docs/PLAN.md), keys in snake_case.</summary>
internal sealed record ExplainJson(string Config, ExplainConnectionJson Connection, IReadOnlyList<ExplainFamilyJson> Families);
