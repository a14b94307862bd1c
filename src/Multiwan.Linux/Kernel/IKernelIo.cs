using Multiwan.Kernel.Nft;

namespace Multiwan.Kernel;

/// <summary>
/// The kernel I/O seam: nft transactions and listings, route/rule/interface dumps, route and rule changes, and
/// conntrack deletion by mark. The daemon and <c>multiwan apply</c>/<c>cleanup</c> use <see cref="LinuxKernelIo"/>
/// (libnftables, rtnetlink, ctnetlink, all in-process); unit tests use fakes. Failures are values.
/// </summary>
public interface IKernelIo : IDisposable
{
    /// <summary>Runs an nft script: applied in one transaction, checked only, or (for <c>list ...</c>) printed as JSON.</summary>
    Task<NftOutcome> NftAsync(string script, NftMode mode, CancellationToken cancellationToken);

    /// <summary>Every IPv4 and IPv6 route of every table.</summary>
    Task<(IReadOnlyList<KernelRoute> Routes, string? Error)> ReadRoutesAsync(CancellationToken cancellationToken);

    /// <summary>Every IPv4 and IPv6 <c>ip rule</c>.</summary>
    Task<(IReadOnlyList<KernelRule> Rules, string? Error)> ReadRulesAsync(CancellationToken cancellationToken);

    /// <summary>Every interface with its flags, IPv4 and IPv6 addresses.</summary>
    Task<(IReadOnlyList<KernelInterface> Interfaces, string? Error)> ReadInterfacesAsync(CancellationToken cancellationToken);

    /// <summary>Makes the changes in order; per change null (done) or the kernel's answer (one failing does not stop the others).</summary>
    Task<IReadOnlyList<string?>> ChangeRoutesAsync(IReadOnlyList<RouteChange> changes, int protocol, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the conntrack entries whose mark within <paramref name="mask"/> is <paramref name="mark"/>, of one address family
    /// (<c>InterNetwork</c>, <c>InterNetworkV6</c>) or every family (<c>Unspecified</c>): how many, or an error.
    /// </summary>
    Task<(int Deleted, string? Error)> DeleteConntrackAsync(uint mark, uint mask, global::System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken);
}
