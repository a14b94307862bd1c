namespace Multiwan.Configuration;

/// <summary>The whole native configuration (<c>/etc/multiwan/multiwan.yaml</c>). YAML keys are the snake_case of these names.</summary>
public sealed record MultiwanConfig
{
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
