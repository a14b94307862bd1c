using System.Globalization;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Multiwan.Kernel.Nft;

namespace Multiwan.Kernel;

/// <summary>
/// Deletes only the conntrack entries of one link (by mark, over ctnetlink: the equivalent of
/// <c>conntrack -D --mark V/M</c>) and empties the sticky sets that point at it (<c>flush set inet multiwan sticky_*_LINK</c>).
/// </summary>
public sealed class ConntrackCleaner(IKernelIo io, ILogger logger)
{
    /// <summary>Deletes the entries whose mark, within <paramref name="mask"/>, is <paramref name="mark"/>. Returns how many, or an error.</summary>
    public async Task<(int Deleted, string? Error)> FlushLinkAsync(
        uint mark, uint mask, string reason, CancellationToken cancellationToken, AddressFamily family = AddressFamily.Unspecified)
    {
        var v = "0x" + mark.ToString("x", CultureInfo.InvariantCulture);
        var m = family switch
        {
            AddressFamily.InterNetwork => "0x" + mask.ToString("x", CultureInfo.InvariantCulture) + " -f ipv4",
            AddressFamily.InterNetworkV6 => "0x" + mask.ToString("x", CultureInfo.InvariantCulture) + " -f ipv6",
            _ => "0x" + mask.ToString("x", CultureInfo.InvariantCulture),
        };
        var (deleted, error) = await io.DeleteConntrackAsync(mark, mask, family, cancellationToken).ConfigureAwait(false);
        if (error is null)
        {
            KernelLog.ConntrackFlushed(logger, deleted, v, m, reason);
            return (deleted, null);
        }

        var described = $"`conntrack -D --mark {v}/{m}`: {error}";
        KernelLog.ConntrackFailed(logger, described);
        return (deleted, described);
    }

    /// <summary>
    /// Empties every sticky set of <paramref name="linkId"/> (the nft id of the link name) among
    /// <paramref name="declaredSets"/>, the sets the plan just applied declares (so they exist; no listing needed).
    /// </summary>
    public async Task<string?> FlushStickyAsync(string linkId, IReadOnlyCollection<string> allLinkIds, IEnumerable<string> declaredSets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(allLinkIds);
        var sets = declaredSets.Where(s => StickyOwner(s, allLinkIds) == linkId).Order(StringComparer.Ordinal).ToList();
        if (sets.Count == 0)
        {
            return null;
        }

        var script = string.Concat(sets.Select(s => $"flush set inet multiwan {s}\n"));
        var flush = await io.NftAsync(script, NftMode.Apply, cancellationToken).ConfigureAwait(false);
        foreach (var set in sets)
        {
            KernelLog.Change(logger, $"nft flush set inet multiwan {set}");
        }

        return flush.Succeeded ? null : flush.Describe("nft -f -");
    }

    /// <summary><c>sticky_RULE_LINK</c> → the longest link id it ends with (ids may contain <c>_</c>).</summary>
    internal static string? StickyOwner(string set, IEnumerable<string> linkIds) =>
        set.StartsWith("sticky_", StringComparison.Ordinal) || set.StartsWith("sticky6_", StringComparison.Ordinal)
            ? linkIds.Where(id => set.EndsWith("_" + id, StringComparison.Ordinal)).OrderByDescending(id => id.Length).FirstOrDefault()
            : null;
}
