using System.Text.Json.Serialization;

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
    IReadOnlyList<string> Ip)
{
    /// <summary>The IPv6 side of each dual-stack link (absent for an IPv4-only config).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PlanLinkJson>? Links6 { get; init; }

    /// <summary>What each policy does with new IPv6 connections (absent for an IPv4-only config).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PlanPolicyJson>? Policies6 { get; init; }

    /// <summary>The <c>ip -6 -batch -</c> lines (absent for an IPv4-only config).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Ip6 { get; init; }
}
