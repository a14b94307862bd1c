using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>
/// One forwarding group: the LAN interfaces in it may forward to each other, and to the WANs when <see cref="Wan"/>
/// (Net-ISP-Balance's <c>forwarding_group=LAN1 LAN2 :isp</c>).
/// </summary>
public sealed record ForwardingGroupConfig
{
    internal static RecordShape<ForwardingGroupConfig> Schema { get; } = new RecordShape<ForwardingGroupConfig>(_ => new ForwardingGroupConfig())
        .Key("interfaces", Scalars.Texts(ConfigLimits.Lan), c => c.Interfaces, (c, v) => c with { Interfaces = v })
        .Key("wan", Scalars.Bool, c => c.Wan, (c, v) => c with { Wan = v });

    /// <summary>LAN interfaces (each one of <c>lan:</c>).</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>The group's LANs also reach the WANs.</summary>
    public bool Wan { get; init; } = true;
}
