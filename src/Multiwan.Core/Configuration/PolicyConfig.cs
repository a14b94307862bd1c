namespace Multiwan.Configuration;

/// <summary>A named set of links that rules send traffic to. <c>default</c> is every link and needs no entry.</summary>
public sealed record PolicyConfig
{
    public string Name { get; init; } = "";

    /// <summary>Links of this policy (tiers and weights come from the links); empty means every link.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Overrides the global mode for this policy.</summary>
    public BalanceMode? Mode { get; init; }

    /// <summary>Overrides the global last resort for this policy.</summary>
    public LastResort? LastResort { get; init; }
}
