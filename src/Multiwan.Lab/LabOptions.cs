using System.Net;

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

    /// <summary>
    /// Nameservers to write to <c>/etc/netns/ROUTER/resolv.conf</c> (one <c>nameserver</c> line each, in order), which
    /// <c>ip netns exec ROUTER</c> bind-mounts over <c>/etc/resolv.conf</c> for what it runs (the daemon, <c>multiwan probe</c>):
    /// so a host-name target resolves, through the link it checks, at the lab's <see cref="DnsResponder"/>. Each must be one
    /// of the lab's targets (<see cref="LabTopology.Targets"/> or <see cref="LabTopology.Targets6"/>). Empty (the default):
    /// no file, the host's <c>/etc/resolv.conf</c> applies. The directory is deleted on dispose.
    /// </summary>
    public IReadOnlyList<IPAddress> RouterNameservers { get; init; } = [];

    /// <summary>The TTL of the DNS responder's answers (a host-name target keeps an answer at least 30 s whatever it says).</summary>
    public uint DnsTtlSeconds { get; init; } = 60;
}
