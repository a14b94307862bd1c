namespace Multiwan.Control;

/// <summary>One policy in <see cref="StatusSnapshot"/>: its links and which of them carry new connections now.</summary>
public sealed record PolicyStatus
{
    public required string Name { get; init; }

    public required string Mode { get; init; }

    public required IReadOnlyList<string> Links { get; init; }

    public required IReadOnlyList<string> Active { get; init; }

    /// <summary>Every link is down and the policy fell back to its last resort.</summary>
    public bool LastResort { get; init; }

    /// <summary>
    /// False when no link carries IPv4 (every link <c>ipv4: false</c>): <see cref="Active"/> and <see cref="LastResort"/>
    /// then describe IPv6 (as <see cref="Ipv6"/> would); absent otherwise.
    /// </summary>
    public bool? Ipv4 { get; init; }

    /// <summary>The IPv6 side when some link of the policy has <c>ipv6:</c> and IPv4 is decided too; absent otherwise (an IPv4-only config).</summary>
    public Ipv6PolicyStatus? Ipv6 { get; init; }
}
