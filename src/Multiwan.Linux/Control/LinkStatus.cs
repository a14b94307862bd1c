using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Control;

/// <summary>One link in <see cref="StatusSnapshot"/>.</summary>
public sealed record LinkStatus
{
    public required string Name { get; init; }

    public required string Device { get; init; }

    public required LinkState State { get; init; }

    public required DateTimeOffset Since { get; init; }

    /// <summary>Whether new connections are sent to it now.</summary>
    public bool Carrying { get; init; }

    /// <summary>Its share of new connections in the default policy, 0–100.</summary>
    public double SharePercent { get; init; }

    public int Weight { get; init; }

    public int Tier { get; init; }

    /// <summary><c>up</c> or <c>down</c> when the operator forced it; null on <c>auto</c>.</summary>
    public string? Override { get; init; }

    public string? Address { get; init; }

    public string? Gateway { get; init; }

    public double? RttMs { get; init; }

    public double? JitterMs { get; init; }

    public double? LossPercent { get; init; }

    public IReadOnlyList<TargetStatus> Targets { get; init; } = [];

    public LinkEvent? LastEvent { get; init; }

    /// <summary>
    /// False for an IPv6-only link (<c>ipv4: false</c>): it has no IPv4 side, and the fields above describe its IPv6
    /// side (as <see cref="Ipv6"/> does); absent for every other link.
    /// </summary>
    [global::System.Text.Json.Serialization.JsonIgnore(Condition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public bool? Ipv4 { get; init; }

    /// <summary>The IPv6 side of a dual-stack link; absent for an IPv4-only link.</summary>
    [global::System.Text.Json.Serialization.JsonIgnore(Condition = global::System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Ipv6LinkStatus? Ipv6 { get; init; }
}
