namespace Multiwan.Lab;

/// <summary>How <see cref="LabDaemon"/> configures multiwan for a lab: mode, weights, how many targets each link probes, health overrides.</summary>
public sealed record LabDaemonSettings
{
    /// <summary><c>balanced</c> or <c>failover</c> (wan1 first).</summary>
    public string Mode { get; init; } = "balanced";

    /// <summary>The ISPs (1-based) that get a link, in this order in the config; empty: every ISP, wan1 first.</summary>
    public IReadOnlyList<int> Isps { get; init; } = [];

    /// <summary>Weight per ISP (index 0 is wan1); missing entries are 1.</summary>
    public IReadOnlyList<int> Weights { get; init; } = [];

    /// <summary>Each link probes the first N of the lab's targets (through its own ISP).</summary>
    public int TargetsPerLink { get; init; } = 3;

    /// <summary>Extra YAML lines under <c>health:</c>, e.g. <c>down_after: 3</c>.</summary>
    public IReadOnlyList<string> Health { get; init; } = [];

    /// <summary>Extra top-level YAML lines after the links, e.g. <c>policies:</c> and <c>rules:</c> sections.</summary>
    public IReadOnlyList<string> Extra { get; init; } = [];

    /// <summary>
    /// <c>npt</c>, <c>masquerade</c> or <c>route</c>: every link dual-stack (<c>ipv6:</c> probing the lab's IPv6 targets;
    /// npt: the LAN ULA translated to the last /64 of the ISP's delegation; route: the ISP's LAN /64); null: IPv4 only.
    /// </summary>
    public string? Ipv6LanMode { get; init; }

    /// <summary>ISPs (1-based) whose link is IPv6 only (<c>ipv4: false</c>, no IPv4 targets); needs <see cref="Ipv6LanMode"/>.</summary>
    public IReadOnlyList<int> Ipv6OnlyIsps { get; init; } = [];

    /// <summary>
    /// ISPs (1-based) whose link probes one host name, <see cref="HostName"/>, in place of target addresses (its IPv4
    /// targets, and with <see cref="Ipv6LanMode"/> its IPv6 ones: the same name, resolved A and AAAA). It resolves when
    /// the lab has <see cref="LabOptions.RouterNameservers"/> (the lab's DNS responder answers every name).
    /// </summary>
    public IReadOnlyList<int> HostNameIsps { get; init; } = [];

    /// <summary>The name <see cref="HostNameIsps"/> probe.</summary>
    public const string HostName = "targets.lab.test";

    /// <summary>Extra environment variables for the daemon process (e.g. .NET GC settings a benchmark compares).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
