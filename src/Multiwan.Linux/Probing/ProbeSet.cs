using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>Every probe method, chosen by the target's method.</summary>
public sealed class ProbeSet(ISocketFactory sockets, TimeProvider timeProvider) : IProbe, IDisposable
{
    private readonly IcmpProbe _icmp = new(sockets, timeProvider);
    private readonly TcpProbe _tcp = new(sockets, timeProvider);
    private readonly HttpProbe _http = new(sockets, timeProvider);
    private readonly DnsProbe _dns = new(sockets, timeProvider);
    private readonly ArpProbe _arp = new(sockets, timeProvider);

    public ProbeSet()
        : this(SystemSocketFactory.Instance, TimeProvider.System)
    {
    }

    public ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken) =>
        target.Method switch
        {
            ProbeMethod.Icmp => _icmp.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Tcp => _tcp.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Http => _http.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Dns => _dns.ProbeAsync(target, binding, timeout, cancellationToken),
            ProbeMethod.Arp => _arp.ProbeAsync(target, binding, timeout, cancellationToken),
            _ => ValueTask.FromResult(ProbeOutcome.Error($"probe method {target.Method.ToString().ToLowerInvariant()} is not implemented")),
        };

    /// <summary>Nothing to release today (every probe owns its sockets); kept so owners need not change if a probe pools.</summary>
    public void Dispose()
    {
    }
}
