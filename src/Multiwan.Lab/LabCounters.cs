using System.Text.Json;

namespace Multiwan.Lab;

/// <summary>
/// The lab's packet counters, read from the ISPs' nft tables (<c>inet mwlabv6</c>, see <see cref="LabIpv6.Filter"/>):
/// how many packets with a ULA source (fc00::/7) reached ISP N from the router, and how many with a source outside
/// the ISP's own /48 it dropped (BCP38). A ULA packet counted at any ISP is one that left a WAN: the check for
/// "no IPv6 packet with a ULA source leaves a WAN" is <see cref="UlaLeftAnyWanAsync"/> == 0.
/// </summary>
public sealed class LabCounters
{
    private readonly LabTopology _lab;

    internal LabCounters(LabTopology lab) => _lab = lab;

    /// <summary>Packets with a ULA source that ISP <paramref name="isp"/> received from the router (counted before any drop).</summary>
    public Task<long> UlaFromRouterAsync(int isp, CancellationToken cancellationToken = default) =>
        PacketsAsync(isp, "ula_from_router", cancellationToken);

    /// <summary>Packets ISP <paramref name="isp"/> dropped because their source is not in its own prefixes (BCP38).</summary>
    public Task<long> ForeignDroppedAsync(int isp, CancellationToken cancellationToken = default) =>
        PacketsAsync(isp, "foreign_from_router", cancellationToken);

    /// <summary>Packets with a ULA source that left the router by any WAN (the sum over the ISPs).</summary>
    public async Task<long> UlaLeftAnyWanAsync(CancellationToken cancellationToken = default)
    {
        long total = 0;
        foreach (var isp in _lab.Isps)
        {
            total += await UlaFromRouterAsync(isp.Index, cancellationToken).ConfigureAwait(false);
        }

        return total;
    }

    private async Task<long> PacketsAsync(int isp, string counter, CancellationToken cancellationToken)
    {
        var json = await LabShell.OutputAsync(
            ["ip", "netns", "exec", _lab.Isp(isp).Namespace, "nft", "-j", "list", "counter", "inet", "mwlabv6", counter], null, cancellationToken).ConfigureAwait(false);
        return Packets(json) ?? throw new LabException($"lab: no counter {counter} in ISP {isp}: {json}");
    }

    /// <summary>The packet count of the first counter in <c>nft -j list counter</c> output, or null.</summary>
    internal static long? Packets(string json)
    {
        using var document = JsonDocument.Parse(json);
        foreach (var item in document.RootElement.GetProperty("nftables").EnumerateArray())
        {
            if (item.TryGetProperty("counter", out var counter))
            {
                return counter.GetProperty("packets").GetInt64();
            }
        }

        return null;
    }
}
