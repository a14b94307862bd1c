namespace Multiwan.Cli;

/// <summary>One policy (<c>default</c> first): the links it uses now and the last resort in force, if any.</summary>
internal sealed record PlanPolicyJson(string Name, string Mode, IReadOnlyList<PlanPolicyLinkJson> Links, string? LastResort);
