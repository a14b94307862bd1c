namespace Multiwan.Tracking;

/// <summary>How one probe ended. <see cref="Ok"/> and <see cref="Refused"/> both prove the path works.</summary>
public enum ProbeStatus
{
    /// <summary>The target answered as expected.</summary>
    Ok,

    /// <summary>No answer before the deadline.</summary>
    Timeout,

    /// <summary>The target itself answered "no" (TCP RST, ICMP port unreachable from the target): the path carries traffic.</summary>
    Refused,

    /// <summary>An ICMP unreachable from a router on the way, or no route: the path does not carry traffic.</summary>
    Unreachable,

    /// <summary>Anything else (socket setup failed, unexpected answer, HTTP status outside the range).</summary>
    Error,
}
