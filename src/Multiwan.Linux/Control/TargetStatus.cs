namespace Multiwan.Control;

/// <summary>One probe target of a link: its figures over the sliding window.</summary>
public sealed record TargetStatus
{
    public required string Target { get; init; }

    /// <summary><c>icmp</c>, <c>tcp</c>, <c>http</c>, <c>dns</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Whether its last probe answered.</summary>
    public bool Up { get; init; }

    public double? RttMs { get; init; }

    public double? JitterMs { get; init; }

    public double? LossPercent { get; init; }
}
