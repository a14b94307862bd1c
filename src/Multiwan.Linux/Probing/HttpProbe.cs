using System.Net;
using System.Net.Sockets;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>
/// HTTP(S) GET from the link: the handler's connect callback opens a socket bound to the link, so the request
/// (and its TLS handshake) goes out by that link only. A new connection each time (<c>Connection: close</c>), no
/// proxy, no redirects; the status must be in the target's range. The RTT is the time to the response headers.
/// A client per probe: nothing is pooled, so nothing goes stale when a link's address changes. The path and Host
/// are checked again at the wire (<see cref="WireError"/>): no CR, LF, space or other control character can reach
/// the request; the response headers are bounded (<see cref="MaxHeadersKiB"/>) and the body is never read.
/// </summary>
public sealed class HttpProbe(ISocketFactory sockets, TimeProvider timeProvider) : IProbe
{
    /// <summary>Response headers larger than this fail the probe (a real status line and headers are far smaller).</summary>
    public const int MaxHeadersKiB = 16;

    public async ValueTask<ProbeOutcome> ProbeAsync(ProbeTarget target, LinkBinding binding, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (WireError(target) is { } refused)
        {
            return ProbeOutcome.Error(refused);
        }

        using var client = CreateClient(binding, target.Address.AddressFamily);
        var uri = new UriBuilder(target.Tls ? "https" : "http", target.Address.ToString(), target.Port, target.Path).Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.ConnectionClose = true;
        if (target.Host is not null)
        {
            request.Headers.Host = target.Host;
        }

        // Cancellation sources: the caller's token (shutdown) and this probe's deadline.
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = timeProvider.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var rtt = timeProvider.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            return status >= target.ExpectStatusFrom && status <= target.ExpectStatusTo
                ? ProbeOutcome.Ok(rtt)
                : ProbeOutcome.Error($"status {status}, expected {target.ExpectStatusFrom}-{target.ExpectStatusTo}");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ProbeOutcome.Timeout(timeout);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException socketError)
        {
            return ProbeErrors.FromSocket(socketError, timeProvider.GetElapsedTime(started));
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Error(e.Message);
        }
    }

    /// <summary>Why the target's path or Host cannot be sent as they are, or null when they can.</summary>
    public static string? WireError(ProbeTarget target)
    {
        if (target.Path.Length == 0 || target.Path[0] != '/' || target.Path.Length > 2048 || !target.Path.All(c => c is > ' ' and < '\x7f'))
        {
            return $"path \"{Multiwan.Text.SafeText.Show(target.Path)}\" cannot be sent: it must start with / and hold only printable ASCII without spaces";
        }

        if (target.Host is { } host
            && (host.Length is 0 or > 255 || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':' or '[' or ']')))
        {
            return $"host \"{Multiwan.Text.SafeText.Show(host)}\" cannot be sent: expected a host name or address, optionally with :port";
        }

        return null;
    }

    private HttpClient CreateClient(LinkBinding binding, global::System.Net.Sockets.AddressFamily family)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            MaxResponseHeadersLength = MaxHeadersKiB,
            MaxResponseDrainSize = 0,
            ConnectCallback = async (context, token) =>
            {
                var socket = BoundSocket.Create(sockets, binding, family, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    // The URI's host is the target's address ([...] for IPv6): never a name, so nothing is resolved here.
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host.Trim('[', ']')), context.DnsEndPoint.Port), token).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
