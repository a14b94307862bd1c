using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Multiwan.Probing;

/// <summary>
/// Resolves a probe target's host name through the link it checks: one query over UDP from a socket bound to the
/// link (mark, device, source: <see cref="BoundSocket"/>, as the DNS probe sends), to the given resolver; A for an IPv4
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

        Socket socket;
        try
        {
            socket = BoundSocket.Create(sockets, binding, resolver.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e)
        {
            return HostResolution.Failed($"cannot open a UDP socket ({binding}): {e.Message}");
        }

        using (socket)
        {
            using var deadline = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var id = (ushort)Random.Shared.Next(0, ushort.MaxValue + 1);
            var buffer = new byte[1500];
            var family = binding.Family;
            try
            {
                await socket.ConnectAsync(resolver, linked.Token).ConfigureAwait(false);
                await socket.SendAsync(DnsPacket.Query(id, name, family == AddressFamily.InterNetworkV6 ? DnsPacket.TypeAaaa : DnsPacket.TypeA), linked.Token).ConfigureAwait(false);
                while (true)
                {
                    var length = await socket.ReceiveAsync(buffer, linked.Token).ConfigureAwait(false);
                    if (DnsAnswers.Parse(buffer.AsSpan(0, length), id) is not { } parsed)
                    {
                        continue;
                    }

                    var answer = (parsed.Rcode, Records: parsed.Records.Where(r => r.Address.AddressFamily == family).ToList());
                    return answer switch
                    {
                        { Rcode: not 0 } => HostResolution.Failed($"{name}: {DnsPacket.RcodeName(answer.Rcode)} from {resolver}"),
                        { Records.Count: 0 } => HostResolution.Failed($"{name}: no {LinkBinding.Name(family)} address from {resolver}"),
                        _ => new HostResolution(
                            [.. answer.Records.Select(r => r.Address).Distinct()],
                            HostResolution.Clamp(answer.Records.Min(r => r.Ttl)),
                            null),
                    };
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return HostResolution.Failed(string.Create(CultureInfo.InvariantCulture, $"{name}: no answer from {resolver} within {timeout.TotalMilliseconds:0} ms"));
            }
            catch (SocketException e)
            {
                return HostResolution.Failed($"{name}: {resolver}: {e.Message}");
            }
        }
    }
}
