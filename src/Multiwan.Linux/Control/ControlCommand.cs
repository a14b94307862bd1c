using Multiwan.Tracking;

namespace Multiwan.Control;

/// <summary>
/// Every request the control socket serves, as a closed set of records: parsed once from the wire
/// <see cref="ControlRequest"/> by <see cref="ControlRequestParser"/>, then switched on by type, never by name.
/// </summary>
public abstract record ControlCommand
{
    private ControlCommand()
    {
    }

    /// <summary><c>status</c>: the daemon's state, rendered on the engine loop.</summary>
    public sealed record Status : ControlCommand;

    /// <summary><c>link NAME up|down|auto</c>: an operator override.</summary>
    public sealed record SetLink(string Link, LinkOverride Override) : ControlCommand;

    /// <summary><c>reload</c>: re-read the config and reconcile.</summary>
    public sealed record Reload : ControlCommand;

    /// <summary><c>stop</c>, with <c>--cleanup</c> removing every kernel object the daemon owns.</summary>
    public sealed record Stop(bool Cleanup) : ControlCommand;

    /// <summary><c>events</c>: the journal since <see cref="Since"/> (all of it when null).</summary>
    public sealed record Events(DateTimeOffset? Since) : ControlCommand;

    /// <summary><c>report</c>: availability per link since <see cref="Since"/> (the last 7 days when null).</summary>
    public sealed record Report(DateTimeOffset? Since) : ControlCommand;

    /// <summary><c>monitor</c>: live events until the client goes away (served by the socket itself).</summary>
    public sealed record Monitor : ControlCommand;
}
