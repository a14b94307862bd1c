namespace Multiwan.Control;

/// <summary>
/// A policy's IPv6 side in <see cref="PolicyStatus"/>: which of its links carry new IPv6 connections now (for
/// <c>select: best</c>, the link the IPv6 election chose, from the links' IPv6 figures), apart from IPv4's.
/// </summary>
public sealed record Ipv6PolicyStatus
{
    public required IReadOnlyList<string> Active { get; init; }

    /// <summary>No link of the policy carries IPv6 and it fell back to its last resort.</summary>
    public bool LastResort { get; init; }
}
