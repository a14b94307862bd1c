namespace Multiwan.Configuration;

/// <summary>Which address family a rule's <c>src</c>/<c>dst</c> prefixes name: a rule with none matches both families.</summary>
public enum RuleFamily
{
    Both,
    Ipv4,
    Ipv6,

    /// <summary>IPv4 and IPv6 prefixes in one rule: refused by <c>check</c> (a connection is one family).</summary>
    Mixed,
}
