namespace Multiwan.Cli;

/// <summary>The <c>multiwan plan --json</c> document: a public contract (docs/PLAN.md), keys in snake_case.</summary>
internal sealed record PlanJson(
    string Config,
    string Mode,
    IReadOnlyList<PlanLinkJson> Links,
    IReadOnlyList<PlanPolicyJson> Policies,
    bool LastResortActive,
    IReadOnlyList<string> Placeholders,
    string Nft,
    IReadOnlyList<string> Ip);
