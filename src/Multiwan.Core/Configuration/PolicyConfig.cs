using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>A named set of links that rules send traffic to. <c>default</c> is every link and needs no entry.</summary>
public sealed record PolicyConfig
{
    internal static RecordShape<PolicyConfig> Schema { get; } = new RecordShape<PolicyConfig>(_ => new PolicyConfig())
        .Key("name", Scalars.Text, c => c.Name, (c, v) => c with { Name = v })
        .Key("links", Scalars.TextList, c => c.Links, (c, v) => c with { Links = v })
        .Optional("mode", Scalars.Enum<BalanceMode>(), c => c.Mode, (c, v) => c with { Mode = v })
        .Optional("last_resort", Scalars.Enum<LastResort>(), c => c.LastResort, (c, v) => c with { LastResort = v });

    public string Name { get; init; } = "";

    /// <summary>Links of this policy (tiers and weights come from the links); empty means every link.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Overrides the global mode for this policy.</summary>
    public BalanceMode? Mode { get; init; }

    /// <summary>Overrides the global last resort for this policy.</summary>
    public LastResort? LastResort { get; init; }
}
