using System.Net;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// A DNS query over UDP from the link (<see cref="DnsExchange"/>: connected, so only the target's datagrams count); the
/// answer must carry the query's id. Any answer counts unless an rcode is expected. An ICMP port unreachable from the
/// target is <see cref="ProbeStatus.Refused"/> (the host answered). A query name that is not a valid DNS name is never sent.
/// </summary>
public sealed class DnsProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (DnsPacket.NameError(target.Query) is { } refused)
        {
            return ProbeOutcome.Error(refused);
        }

        var reply = await DnsExchange.AskAsync(
            sockets, binding, new IPEndPoint(target.Address, target.Port), id => DnsPacket.Query(id, target.Query),
            (datagram, id) => DnsPacket.ResponseRcode(datagram.Span, id), timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            { Answer: { } rcode } when target.ExpectRcode is { } expected && expected != rcode
                => ProbeOutcome.Error($"rcode {DnsPacket.RcodeName(rcode)}, expected {DnsPacket.RcodeName(expected)}"),
            { Answer: not null } => ProbeOutcome.Ok(reply.Elapsed),
            { NoSocketOpened: true } => ProbeOutcome.Error($"cannot open a UDP socket ({binding}): {reply.Error!.Message}"),
            { Error: { } error } => ProbeErrors.FromSocket(error, reply.Elapsed),
            _ => ProbeOutcome.Timeout(timeout),
        };
    }
}
