namespace Multiwan.Tracking;

/// <summary>The operator's override (<c>multiwan link up|down|auto</c>).</summary>
public enum LinkOverride
{
    /// <summary>Probes decide.</summary>
    Auto,

    /// <summary>Taken out: the link shows <see cref="LinkState.Disabled"/> whatever the probes say.</summary>
    Down,

    /// <summary>Forced up: the link shows <see cref="LinkState.Online"/> whatever the probes say.</summary>
    Up,
}
