using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>The whole native configuration (<c>/etc/multiwan/multiwan.yaml</c>). YAML keys are the snake_case of these names.</summary>
public sealed record MultiwanConfig
{
    /// <summary>The YAML keys of this record, one line per setting (see <see cref="RecordShape{T}"/>).</summary>
    internal static RecordShape<MultiwanConfig> Schema { get; } = new RecordShape<MultiwanConfig>(t => new MultiwanConfig { Health = t.Health })
        .Key("mode", Scalars.Enum<BalanceMode>(), c => c.Mode, (c, v) => c with { Mode = v })
        .Key("lan", Scalars.Texts(ConfigLimits.Lan), c => c.Lan, (c, v) => c with { Lan = v })
        .Key("links", Scalars.ListOf<LinkConfig>(LinkConfig.Schema, ConfigLimits.Links), c => c.Links, (c, v) => c with { Links = v })
        .Key("health", HealthConfig.Schema, c => c.Health, (c, v) => c with { Health = v })
        .Key("policies", Scalars.ListOf<PolicyConfig>(PolicyConfig.Schema, ConfigLimits.Policies), c => c.Policies, (c, v) => c with { Policies = v })
        .Key("rules", Scalars.ListOf<RuleConfig>(RuleConfig.Schema, ConfigLimits.Rules), c => c.Rules, (c, v) => c with { Rules = v })
        .Key("last_resort", Scalars.Enum<LastResort>(), c => c.LastResort, (c, v) => c with { LastResort = v })
        .Key("hooks", HooksConfig.Schema, c => c.Hooks, (c, v) => c with { Hooks = v })
        .Key("notifications", NotificationsConfig.Schema, c => c.Notifications, (c, v) => c with { Notifications = v })
        .Key("firewall", FirewallConfig.Schema, c => c.Firewall, (c, v) => c with { Firewall = v })
        .Key("ipv6", Ipv6Config.Schema, c => c.Ipv6, (c, v) => c with { Ipv6 = v })
        .Key("kernel", KernelConfig.Schema, c => c.Kernel, (c, v) => c with { Kernel = v })
        .Key("daemon", DaemonConfig.Schema, c => c.Daemon, (c, v) => c with { Daemon = v });

    /// <summary><c>balanced</c>: weighted among the up links of the best tier; <c>failover</c>: one link at a time, in tier then list order.</summary>
    public BalanceMode Mode { get; init; } = BalanceMode.Balanced;

    /// <summary>LAN interfaces whose forwarded traffic is balanced.</summary>
    public IReadOnlyList<string> Lan { get; init; } = [];

    public IReadOnlyList<LinkConfig> Links { get; init; } = [];

    /// <summary>Health defaults for every link; a link's <c>health:</c> overrides any of them.</summary>
    public HealthConfig Health { get; init; } = new();

    /// <summary>Named sets of links that rules can send traffic to; <c>default</c> (every link) always exists.</summary>
    public IReadOnlyList<PolicyConfig> Policies { get; init; } = [];

    /// <summary>Evaluated in order for new connections; the first match decides.</summary>
    public IReadOnlyList<RuleConfig> Rules { get; init; } = [];

    /// <summary>What new connections do when every link of their policy is down.</summary>
    public LastResort LastResort { get; init; } = LastResort.All;

    public HooksConfig Hooks { get; init; } = new();

    public NotificationsConfig Notifications { get; init; } = new();

    /// <summary>The router's firewall and port forwards; off unless configured.</summary>
    public FirewallConfig Firewall { get; init; } = new();

    /// <summary>The IPv6 LAN side; only with links that have <c>ipv6:</c>.</summary>
    public Ipv6Config Ipv6 { get; init; } = new();

    public KernelConfig Kernel { get; init; } = new();

    public DaemonConfig Daemon { get; init; } = new();
}

public enum BalanceMode
{
    Balanced,
    Failover,
}

public enum LastResort
{
    /// <summary>Keep using every link (never leave the box without a route because the monitor is unsure).</summary>
    All,

    /// <summary>Reject new connections with ICMP unreachable.</summary>
    Unreachable,

    /// <summary>Drop new connections silently.</summary>
    Blackhole,
}
