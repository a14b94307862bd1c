using System.Net;
using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// TCP connect from the link: SYN, SYN-ACK = ok, then a reset (linger 0) instead of a full close, so the target
/// keeps no TIME_WAIT or half-open state. A RST from the target is <see cref="ProbeStatus.Refused"/>, which counts as
/// alive: the target itself answered, so the path through the ISP works.
/// </summary>
public sealed class TcpProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = BoundSocket.Create(sockets, binding, target.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Error($"cannot open a TCP socket ({binding}): {e.Message}");
        }

        using (socket)
        {
            // Cancellation sources: the caller's token (shutdown) and this probe's deadline.
            using var deadline = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var started = timeProvider.GetTimestamp();
            try
            {
                await socket.ConnectAsync(new IPEndPoint(target.Address, target.Port), linked.Token).ConfigureAwait(false);
                var rtt = timeProvider.GetElapsedTime(started);
                socket.LingerState = new LingerOption(true, 0);
                return ProbeOutcome.Ok(rtt);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return ProbeOutcome.Timeout(timeout);
            }
            catch (SocketException e)
            {
                return ProbeErrors.FromSocket(e, timeProvider.GetElapsedTime(started));
            }
        }
    }
}
