namespace Multiwan.Lab;

/// <summary>What to build: how many ISPs and targets, and whether the internet namespace runs the responders.</summary>
public sealed record LabOptions
{
    /// <summary>ISP namespaces (and router WANs <c>wan1</c>..): 1 to 200.</summary>
    public int Isps { get; init; } = 2;

    /// <summary>Target addresses in the internet namespace (100.64.250.1, .2, ...): 1 to 200.</summary>
    public int Targets { get; init; } = 3;

    /// <summary>Start the TCP, UDP, HTTP and DNS responders in the internet namespace.</summary>
    public bool Responders { get; init; } = true;

    /// <summary>
    /// Join each ISP to the internet through a user-space delay line (two TUN devices) instead of a veth, so
    /// <see cref="LabFaults.SetDelayAsync"/> can add delay and jitter (this kernel has no netem).
    /// </summary>
    public bool DelayLines { get; init; }
}
