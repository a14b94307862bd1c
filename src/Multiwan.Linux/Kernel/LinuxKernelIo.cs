using Multiwan.Kernel.Nft;
using Multiwan.Netlink;

namespace Multiwan.Kernel;

/// <summary>
/// The real kernel, in-process: libnftables for nft, an rtnetlink socket for routes, rules, links and addresses,
/// a ctnetlink socket for conntrack. All three are used through one <see cref="KernelGate"/>: one request at a
/// time, on the caller's thread, inside the namespace they were opened in. <see cref="Open"/> is the one factory the daemon, <c>apply</c>, <c>cleanup</c>, the tests and the
/// benchmarks use.
/// </summary>
public sealed class LinuxKernelIo : IKernelIo
{
    private readonly KernelGate _gate;
    private readonly NftContext _nft;
    private readonly RtnetlinkClient _routes;
    private readonly CtnetlinkClient _conntrack;

    private LinuxKernelIo(KernelGate gate)
    {
        _gate = gate;
        (_nft, _routes, _conntrack) = gate.Run(() => (
            new NftContext(),
            new RtnetlinkClient(NetlinkChannel.Open(NetlinkChannel.Route)),
            new CtnetlinkClient(NetlinkChannel.Open(NetlinkChannel.Netfilter))));
    }

    /// <summary>Opens the kernel I/O in the process's namespace, or in <paramref name="networkNamespace"/> (a name under /var/run/netns).</summary>
    public static LinuxKernelIo Open(string? networkNamespace = null)
    {
        var gate = new KernelGate(networkNamespace);
        try
        {
            return new LinuxKernelIo(gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }

    /// <summary><see cref="Open"/>, or null and one line saying why not (no libnftables, no netlink, no such namespace).</summary>
    public static LinuxKernelIo? TryOpen(out string? error, string? networkNamespace = null)
    {
        try
        {
            error = null;
            return Open(networkNamespace);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException or global::System.Net.Sockets.SocketException)
        {
            error = $"cannot open the kernel interfaces (libnftables, rtnetlink, ctnetlink): {e.Message}";
            return null;
        }
    }

    public Task<NftOutcome> NftAsync(string script, NftMode mode, CancellationToken cancellationToken) =>
        _gate.RunAsync(() => _nft.Run(script, mode), cancellationToken);

    public Task<(IReadOnlyList<KernelRoute> Routes, string? Error)> ReadRoutesAsync(CancellationToken cancellationToken) =>
        _gate.RunAsync<(IReadOnlyList<KernelRoute>, string?)>(() => _routes.Routes(), cancellationToken);

    public Task<(IReadOnlyList<KernelRule> Rules, string? Error)> ReadRulesAsync(CancellationToken cancellationToken) =>
        _gate.RunAsync<(IReadOnlyList<KernelRule>, string?)>(() => _routes.Rules(), cancellationToken);

    public Task<(IReadOnlyList<KernelInterface> Interfaces, string? Error)> ReadInterfacesAsync(CancellationToken cancellationToken) =>
        _gate.RunAsync<(IReadOnlyList<KernelInterface>, string?)>(() => _routes.Interfaces(), cancellationToken);

    public Task<IReadOnlyList<string?>> ChangeRoutesAsync(IReadOnlyList<RouteChange> changes, int protocol, CancellationToken cancellationToken) =>
        _gate.RunAsync<IReadOnlyList<string?>>(() => _routes.Apply(changes, protocol), cancellationToken);

    public Task<(int Deleted, string? Error)> DeleteConntrackAsync(uint mark, uint mask, global::System.Net.Sockets.AddressFamily family, CancellationToken cancellationToken) =>
        _gate.RunAsync(() => _conntrack.DeleteByMark(mark, mask, family), cancellationToken);

    public void Dispose()
    {
        _gate.Run(() =>
        {
            _nft.Dispose();
            _routes.Dispose();
            _conntrack.Dispose();
            return 0;
        });
        _gate.Dispose();
    }
}
