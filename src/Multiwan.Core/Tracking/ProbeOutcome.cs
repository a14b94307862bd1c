namespace Multiwan.Tracking;

/// <summary>
/// The result of one probe: a value, never an exception. <see cref="Rtt"/> is meaningful when the target
/// answered (<see cref="ProbeStatus.Ok"/> or <see cref="ProbeStatus.Refused"/>).
/// </summary>
public readonly record struct ProbeOutcome(ProbeStatus Status, TimeSpan Rtt, string? Message = null)
{
    /// <summary>True when the answer proves the path carries traffic (refused counts: the target itself answered).</summary>
    public bool IsAlive => Status is ProbeStatus.Ok or ProbeStatus.Refused;

    public static ProbeOutcome Ok(TimeSpan rtt) => new(ProbeStatus.Ok, rtt);

    public static ProbeOutcome Refused(TimeSpan rtt, string? message = null) => new(ProbeStatus.Refused, rtt, message);

    public static ProbeOutcome Timeout(TimeSpan waited) => new(ProbeStatus.Timeout, waited);

    public static ProbeOutcome Unreachable(string message) => new(ProbeStatus.Unreachable, TimeSpan.Zero, message);

    public static ProbeOutcome Error(string message) => new(ProbeStatus.Error, TimeSpan.Zero, message);

    public override string ToString() => Status switch
    {
        ProbeStatus.Ok => $"ok {Rtt.TotalMilliseconds:0.###} ms",
        ProbeStatus.Refused => $"refused {Rtt.TotalMilliseconds:0.###} ms",
        ProbeStatus.Timeout => $"timeout after {Rtt.TotalMilliseconds:0} ms",
        _ => $"{Status.ToString().ToLowerInvariant()}: {Message}",
    };
}
