namespace Multiwan.Events;

/// <summary>What an event records. The JSON spelling is snake_case (<c>state_change</c>, <c>long_down</c>).</summary>
public enum EventKind
{
    /// <summary>The tracker moved a link from one state to another.</summary>
    StateChange,

    /// <summary>The operator forced a link (<c>multiwan link up|down|auto</c>).</summary>
    Override,

    /// <summary>A link stayed offline longer than <c>health.long_down</c>.</summary>
    LongDown,

    /// <summary>A new configuration was loaded and reconciled.</summary>
    Reload,

    /// <summary>A reload was refused because the file has errors; the running config stays.</summary>
    ReloadRefused,

    /// <summary>The daemon started: link states are unknown until the next state event.</summary>
    DaemonStart,

    /// <summary>The daemon stopped: link states are unknown until it starts again.</summary>
    DaemonStop,
}
