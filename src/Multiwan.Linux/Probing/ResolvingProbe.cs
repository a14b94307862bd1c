using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// Probes targets given by host name (<see cref="ProbeTarget.HostName"/>): the name is resolved through the link the
/// target checks (<see cref="HostResolver"/>, bound like the probe) and the probe goes to its first address. An answer
/// is kept for its TTL (30 s to 1 h); a changed address is logged. When the TTL has run out and the name does not
/// resolve again (the link's resolver is down, or the link itself), the last answer is served stale (RFC 8767's idea)
/// and the name is asked again every <see cref="HostResolution.MinTtl"/>: the target is still probed at its known
/// address, so a link that comes back is seen at the next round, not after the resolver answers. A name that has never
/// resolved is that target's failed probe (an error outcome), asked again every round: the answer is the only way the
/// target can come up, and the query is one datagram. Targets given by address pass straight through.
/// </summary>
/// <param name="server">The nameserver IPv4 bindings ask (<see cref="ResolvConf.Nameserver(string)"/>).</param>
/// <param name="server6">The nameserver IPv6 bindings ask (AAAA, over the link's IPv6), or null when there is none.</param>
public sealed class ResolvingProbe(IProbe inner, HostResolver resolver, IPEndPoint? server, TimeProvider timeProvider, ILogger logger, IPEndPoint? server6 = null) : IProbe
{
    private readonly ConcurrentDictionary<(string Host, LinkBinding Binding), (HostResolution Resolution, DateTimeOffset Until)> _answers = new();

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (target.HostName is not { } host)
        {
            return await inner.ProbeAsync(target, binding, timeout, cancellationToken).ConfigureAwait(false);
        }

        var resolution = await ResolveAsync(host, binding, timeout, cancellationToken).ConfigureAwait(false);
        return resolution.Resolved
            ? await inner.ProbeAsync(target with { Address = resolution.Addresses[0] }, binding, timeout, cancellationToken).ConfigureAwait(false)
            : ProbeOutcome.Error($"cannot resolve {resolution.Error}");
    }

    private async ValueTask<HostResolution> ResolveAsync(string host, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        _answers.TryGetValue((host, binding), out var known);
        if (known.Resolution is { Resolved: true } && now < known.Until)
        {
            return known.Resolution;
        }

        var ask = binding.Family == global::System.Net.Sockets.AddressFamily.InterNetworkV6 ? server6 : server;
        var fresh = ask is null
            ? HostResolution.Failed($"{host}: no {LinkBinding.Name(binding.Family)} nameserver (set one in /etc/resolv.conf)")
            : await resolver.ResolveAsync(host, ask, binding, timeout, cancellationToken).ConfigureAwait(false);
        if (!fresh.Resolved && known.Resolution is { Resolved: true } stale)
        {
            Log.TargetServedStale(logger, binding.Device, host, stale.Addresses[0].ToString(), fresh.Error ?? "no address", HostResolution.MinTtl.TotalSeconds);
            _answers[(host, binding)] = (stale, now + HostResolution.MinTtl);
            return stale;
        }

        if (fresh.Resolved && known.Resolution?.Addresses.FirstOrDefault() is var before && !Equals(before, fresh.Addresses[0]))
        {
            Log.TargetResolved(logger, binding.Device, host, before?.ToString() ?? "none", fresh.Addresses[0].ToString(), fresh.Ttl.TotalSeconds);
        }
        else if (!fresh.Resolved && known.Resolution is not { Resolved: false })
        {
            Log.TargetUnresolved(logger, binding.Device, host, fresh.Error ?? "no address");
        }

        _answers[(host, binding)] = (fresh, now + fresh.Ttl);
        return fresh;
    }
}
