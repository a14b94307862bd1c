using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>
/// <c>firewall:</c>: the router's own packet filter in <c>table ip multiwan_fw</c> (docs/KERNEL.md). Off by default:
/// without <c>profile: restrictive</c> and without <c>forwards</c> multiwan creates no filter table at all.
/// </summary>
public sealed record FirewallConfig
{
    internal static RecordShape<FirewallConfig> Schema { get; } = new RecordShape<FirewallConfig>(_ => new FirewallConfig())
        .Key("profile", Scalars.Enum<FirewallProfile>(), c => c.Profile, (c, v) => c with { Profile = v })
        .Key("ssh_ports", Scalars.ListOf<int>(Scalars.Int, ConfigLimits.SshPorts), c => c.SshPorts, (c, v) => c with { SshPorts = v })
        .Key("log_drops", Scalars.Bool, c => c.LogDrops, (c, v) => c with { LogDrops = v })
        .Key("forwards", Scalars.ListOf<ForwardConfig>(ForwardConfig.Schema, ConfigLimits.Forwards), c => c.Forwards, (c, v) => c with { Forwards = v })
        .Key("forwarding_groups", Scalars.ListOf<ForwardingGroupConfig>(ForwardingGroupConfig.Schema, ConfigLimits.Lan), c => c.ForwardingGroups, (c, v) => c with { ForwardingGroups = v })
        .Optional("nft_directory", Scalars.Text, c => c.NftDirectory, (c, v) => c with { NftDirectory = v });

    /// <summary><c>off</c>: no filtering (port forwards still work); <c>restrictive</c>: Net-ISP-Balance's firewall.</summary>
    public FirewallProfile Profile { get; init; } = FirewallProfile.Off;

    /// <summary>TCP ports on which the router accepts SSH from anywhere (restrictive profile).</summary>
    public IReadOnlyList<int> SshPorts { get; init; } = [22];

    /// <summary>Log dropped packets, at most 5 a minute (restrictive profile).</summary>
    public bool LogDrops { get; init; } = true;

    /// <summary>Port forwards on every WAN.</summary>
    public IReadOnlyList<ForwardConfig> Forwards { get; init; } = [];

    /// <summary>
    /// Which LAN interfaces may forward to each other and to the WANs (Net-ISP-Balance's <c>forwarding_group</c>); empty:
    /// every LAN reaches the WANs and no LAN reaches another (restrictive profile).
    /// </summary>
    public IReadOnlyList<ForwardingGroupConfig> ForwardingGroups { get; init; } = [];

    /// <summary>A directory of <c>*.nft</c> snippets applied in the firewall's transaction (absolute path); none when unset.</summary>
    public string? NftDirectory { get; init; }

    /// <summary>The snippets to apply, read when the config is loaded (from <see cref="NftDirectory"/>, and translated from a balance/firewall directory).</summary>
    internal IReadOnlyList<NftSnippet> Snippets { get; init; } = [];

    /// <summary>iptables lines of a Net-ISP-Balance <c>balance/firewall/*.conf</c>, still to be translated into <see cref="Snippets"/>.</summary>
    internal IReadOnlyList<IptablesLine> Iptables { get; init; } = [];

    /// <summary>True when multiwan owns a firewall table for this config.</summary>
    public bool Active => Profile != FirewallProfile.Off || Forwards.Count > 0 || Snippets.Count > 0;
}

public enum FirewallProfile
{
    Off,
    Restrictive,
}
