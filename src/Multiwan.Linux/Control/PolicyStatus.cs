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
}
