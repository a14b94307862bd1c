namespace Multiwan.Cli;

/// <summary>
/// One family's answer: <c>family</c> <c>ipv4</c>/<c>ipv6</c>; <c>not_decided</c> (why) when multiwan decides no
/// connection of it, everything else then empty; else the matching rule (null: none), the policy, its mode and last
/// resort in force (null: none), the rules passed over, a sticky rule's promise and every link of the policy.
/// </summary>
internal sealed record ExplainFamilyJson(
    string Family,
    string? NotDecided,
    string? Rule,
    string Policy,
    string? Mode,
    string? LastResort,
    IReadOnlyList<ExplainRuleJson> PassedOver,
    string? Sticky,
    IReadOnlyList<ExplainLinkJson> Links);
