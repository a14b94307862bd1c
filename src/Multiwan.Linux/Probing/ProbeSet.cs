using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// Every probe method, chosen by the target's method; the family is the target's. <c>arp</c> on an IPv6 target (the
/// link's IPv6 gateway) is neighbour discovery (<see cref="NeighbourProbe"/>). A target of the other family than the
/// binding's source is an error outcome, never a socket bound to the wrong address.
/// </summary>
public sealed class ProbeSet(ISocketFactory sockets, TimeProvider timeProvider) : IProbe, IDisposable
{
    private readonly IcmpProbe _icmp = new(sockets, timeProvider);
    private readonly TcpProbe _tcp = new(sockets, timeProvider);
    private readonly HttpProbe _http = new(sockets, timeProvider);
    private readonly DnsProbe _dns = new(sockets, timeProvider);
    private readonly ArpProbe _arp = new(sockets, timeProvider);
    private readonly NeighbourProbe _neighbour = new(sockets, timeProvider);

    public ProbeSet()
        : this(SystemSocketFactory.Instance, TimeProvider.System)
    {
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var v6 = target.Address.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6;
        if (target.Method == ProbeMethod.Arp && v6)
        {
            return _neighbour.ProbeAsync(target, binding, timeout, cancellationToken); // Binds no source: either binding will do.
        }

        if (binding.FamilyError(target.Address) is { } mismatch)
        {
            return ValueTask.FromResult(ProbeOutcome.Error(mismatch));
        }

        return target.Method switch
        {
            ProbeMethod.Icmp => _icmp.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Tcp => _tcp.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Http => _http.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Dns => _dns.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Arp => _arp.ProbeAsync(target, binding, timeout, cancellationToken),
            _ => ValueTask.FromResult(ProbeOutcome.Error($"probe method {target.Method.ToString().ToLowerInvariant()} is not implemented")),
        };
    }

    /// <summary>Nothing to release today (every probe owns its sockets); kept so owners need not change if a probe pools.</summary>
    public void Dispose()
    {
    }
}
