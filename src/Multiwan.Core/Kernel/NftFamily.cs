namespace Multiwan.Kernel;

/// <summary>
/// How the decision chains of one address family are spelled: IPv4 keeps the names it always had (<c>decide</c>,
/// <c>policy_NAME</c>, <c>sticky_RULE_LINK</c>, <c>ip saddr</c>); IPv6 has its own (<c>decide6</c>, <c>policy6_NAME</c>,
/// <c>sticky6_RULE_LINK</c>, <c>ip6 saddr</c>), which no IPv4 name can equal.
/// </summary>
internal sealed record NftFamily(bool Ipv6)
{
    public static NftFamily V4 { get; } = new(false);

    public static NftFamily V6 { get; } = new(true);

    /// <summary>The nft address expression: <c>ip</c> or <c>ip6</c>.</summary>
    public string Ip => Ipv6 ? "ip6" : "ip";

    public string AddressType => Ipv6 ? "ipv6_addr" : "ipv4_addr";

    public string Decide => Ipv6 ? "decide6" : "decide";

    public string PolicyChain(string id) => $"policy{Suffix}_{id}";

    public string RuleChain(string id) => $"rule{Suffix}_{id}";

    public string Sticky(string rule, string link) => $"sticky{Suffix}_{NftSyntax.Id(rule)}_{NftSyntax.Id(link)}";

    /// <summary>A prefix of this family, rewritten from its parsed value.</summary>
    public string Prefix(string prefix) => Ipv6 ? NftSyntax.Prefix6(prefix) : NftSyntax.Prefix(prefix);

    private string Suffix => Ipv6 ? "6" : "";
}
