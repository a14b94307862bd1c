using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>Matches new connections; the first matching rule decides which link or policy they use.</summary>
public sealed record RuleConfig
{
    internal static RecordShape<RuleConfig> Schema { get; } = new RecordShape<RuleConfig>(_ => new RuleConfig())
        .Key("name", Scalars.Text, c => c.Name, (c, v) => c with { Name = v })
        .Key("src", Scalars.TextList, c => c.Src, (c, v) => c with { Src = v })
        .Key("dst", Scalars.TextList, c => c.Dst, (c, v) => c with { Dst = v })
        .Key("src_port", Scalars.TextList, c => c.SrcPort, (c, v) => c with { SrcPort = v })
        .Key("dst_port", Scalars.TextList, c => c.DstPort, (c, v) => c with { DstPort = v })
        .Key("protocol", Scalars.Enum<RuleProtocol>(), c => c.Protocol, (c, v) => c with { Protocol = v })
        .Key("use", Scalars.Text, c => c.Use, (c, v) => c with { Use = v })
        .Optional("sticky", Scalars.Duration, c => c.Sticky, (c, v) => c with { Sticky = v });

    /// <summary>Identifier used in nft object names and status, [a-z0-9_-].</summary>
    public string Name { get; init; } = "";

    /// <summary>Source CIDRs (any if empty).</summary>
    public IReadOnlyList<string> Src { get; init; } = [];

    /// <summary>Destination CIDRs (any if empty).</summary>
    public IReadOnlyList<string> Dst { get; init; } = [];

    /// <summary>Source ports: <c>25</c>, <c>1024-2048</c> (needs tcp or udp).</summary>
    public IReadOnlyList<string> SrcPort { get; init; } = [];

    /// <summary>Destination ports: <c>25</c>, <c>8000-8080</c> (needs tcp or udp).</summary>
    public IReadOnlyList<string> DstPort { get; init; } = [];

    public RuleProtocol Protocol { get; init; } = RuleProtocol.Any;

    /// <summary>A link name or a policy name (<c>default</c> included).</summary>
    public string Use { get; init; } = "";

    /// <summary>When set, every new connection from a source goes to the link its previous one used, for this long after the last.</summary>
    public TimeSpan? Sticky { get; init; }
}

public enum RuleProtocol
{
    Any,
    Tcp,
    Udp,
    Icmp,
}
