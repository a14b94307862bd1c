using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>
/// Resolves a probe target's host name through the link it checks: one query over UDP from a socket bound to the
/// link (<see cref="DnsExchange"/>, as the DNS probe asks), to the given resolver; A for an IPv4
/// binding, AAAA for an IPv6 one (<see cref="LinkBinding.Family"/>: a probe set resolves to its own family). Never throws
/// for a network failure: a timeout, an error rcode or an answer without records of the family is a
/// <see cref="HostResolution"/> with its reason.
/// </summary>
public sealed class HostResolver(ISocketFactory sockets, TimeProvider timeProvider)
{
    public async ValueTask<HostResolution> ResolveAsync(string name, IPEndPoint resolver, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (DnsPacket.NameError(name) is { } refused)
        {
            return HostResolution.Failed(refused);
        }

        var family = binding.Family;
        var reply = await DnsExchange.AskAsync(
            sockets, binding, resolver, id => DnsPacket.Query(id, name, family == AddressFamily.InterNetworkV6 ? DnsPacket.TypeAaaa : DnsPacket.TypeA),
            (datagram, id) => DnsAnswers.Parse(datagram.Span, id), timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        if (reply.Answer is not { } parsed)
        {
            return HostResolution.Failed(reply switch
            {
                { NoSocketOpened: true } => $"cannot open a UDP socket ({binding}): {reply.Error!.Message}",
                { Error: { } error } => $"{name}: {resolver}: {error.Message}",
                _ => string.Create(CultureInfo.InvariantCulture, $"{name}: no answer from {resolver} within {timeout.TotalMilliseconds:0} ms"),
            });
        }

        var records = parsed.Records.Where(r => r.Address.AddressFamily == family).ToList();
        return (parsed.Rcode, records.Count) switch
        {
            (not 0, _) => HostResolution.Failed($"{name}: {DnsPacket.RcodeName(parsed.Rcode)} from {resolver}"),
            (_, 0) => HostResolution.Failed($"{name}: no {LinkBinding.Name(family)} address from {resolver}"),
            _ => new HostResolution([.. records.Select(r => r.Address).Distinct()], HostResolution.Clamp(records.Min(r => r.Ttl)), null),
        };
    }
}
