using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>A named set of links that rules send traffic to. <c>default</c> is every link and needs no entry.</summary>
public sealed record PolicyConfig
{
    internal static RecordShape<PolicyConfig> Schema { get; } = new RecordShape<PolicyConfig>(_ => new PolicyConfig())
        .Key("name", Scalars.Text, c => c.Name, (c, v) => c with { Name = v })
        .Key("links", Scalars.Texts(ConfigLimits.Links), c => c.Links, (c, v) => c with { Links = v })
        .Optional("mode", Scalars.Enum<BalanceMode>(), c => c.Mode, (c, v) => c with { Mode = v })
        .Optional("last_resort", Scalars.Enum<LastResort>(), c => c.LastResort, (c, v) => c with { LastResort = v })
        .Key("select", Scalars.Enum<LinkSelection>(), c => c.Select, (c, v) => c with { Select = v })
        .Key("margin_percent", Scalars.Number, c => c.MarginPercent, (c, v) => c with { MarginPercent = v })
        .Key("margin_min", Scalars.Duration, c => c.MarginMin, (c, v) => c with { MarginMin = v })
        .Key("dwell", Scalars.Duration, c => c.Dwell, (c, v) => c with { Dwell = v });

    public string Name { get; init; } = "";

    /// <summary>Links of this policy (tiers and weights come from the links); empty means every link.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Overrides the global mode for this policy.</summary>
    public BalanceMode? Mode { get; init; }

    /// <summary>Overrides the global last resort for this policy.</summary>
    public LastResort? LastResort { get; init; }

    /// <summary><c>best</c>: of the carrying links of the best tier, only the one with the best score (docs/CONFIG.md) takes new connections.</summary>
    public LinkSelection Select { get; init; } = LinkSelection.Mode;

    /// <summary>With <c>select: best</c>: a challenger must score this many percent better than the elected link...</summary>
    public double MarginPercent { get; init; } = 20;

    /// <summary>...and at least this much better (the score is in milliseconds)...</summary>
    public TimeSpan MarginMin { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// ...continuously for this long before it is elected. Longer than the default window (30 probes at 1 s), so one
    /// lost probe, which weighs on a link's score for the whole window, cannot move traffic by itself.
    /// </summary>
    public TimeSpan Dwell { get; init; } = TimeSpan.FromSeconds(60);
}

public enum LinkSelection
{
    /// <summary>As the mode says: weighted among the best tier (balanced), or the first link (failover).</summary>
    Mode,

    /// <summary>multihomed's election: the healthy link of the best tier with the best measured score.</summary>
    Best,
}
