using Multiwan.Events;

namespace Multiwan.Control;

/// <summary>What <c>multiwan status --json</c> prints: the daemon's own state (never read back from the kernel). A public contract (docs/CLI.md).</summary>
public sealed record StatusSnapshot
{
    public required int Pid { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required string ConfigPath { get; init; }

    public required DateTimeOffset ConfigLoaded { get; init; }

    /// <summary><c>balanced</c> or <c>failover</c>.</summary>
    public required string Mode { get; init; }

    public bool LastResortActive { get; init; }

    public required IReadOnlyList<LinkStatus> Links { get; init; }

    public required IReadOnlyList<PolicyStatus> Policies { get; init; }

    /// <summary>True while the daemon waits for every link's first verdict before its first apply (the kernel is left as found); absent after.</summary>
    public bool? Starting { get; init; }

    /// <summary>The last kernel apply's error, if it failed (the previous kernel state stays).</summary>
    public string? ApplyError { get; init; }
}
