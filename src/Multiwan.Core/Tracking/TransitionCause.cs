namespace Multiwan.Tracking;

/// <summary>What made a link change state: the input the tracker was fed when it emitted the transition.</summary>
public enum TransitionCause
{
    /// <summary>A probe round (thresholds, quality).</summary>
    Probe,

    /// <summary>The interface's carrier (netlink or a facts read).</summary>
    Carrier,

    /// <summary>The link's address (probes could or could not bind).</summary>
    Address,

    /// <summary>The interface appeared or was removed.</summary>
    Interface,

    /// <summary><c>multiwan link up|down|auto</c>.</summary>
    Operator,
}
