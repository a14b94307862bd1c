namespace Multiwan.Tracking;

/// <summary>A link's health state as the tracker sees it. The JSON and YAML spelling is the lower-case name.</summary>
public enum LinkState
{
    /// <summary>Recovering: probes succeed but the up threshold or hold-down is not met yet. Carries no new traffic.</summary>
    Connecting,

    /// <summary>Healthy.</summary>
    Online,

    /// <summary>Answers, but loss, RTT or jitter is past its failure level.</summary>
    Degraded,

    /// <summary>Rounds are failing but the down threshold is not met yet. Still carries traffic.</summary>
    Disconnecting,

    /// <summary>Down.</summary>
    Offline,

    /// <summary>Taken out by the operator (<c>multiwan link down</c>).</summary>
    Disabled,
}
