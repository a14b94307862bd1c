using System.Net;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Netlink;

namespace Multiwan.Probing;

/// <summary>
/// How the daemon (and <c>multiwan probe</c>) binds a link's probes: the device named by the config (an alias
/// <c>eth0:1</c> means device <c>eth0</c> and the address labelled <c>eth0:1</c>), the configured source or the
/// device's primary address of the binding's family read from the kernel (IPv6: the first global one, never link-local),
/// and the link's mark (from its slot, as the planner gives it).
/// </summary>
public static class LinkBindings
{
    public static string DeviceOf(string interfaceName) => LinkResolver.DeviceOf(interfaceName);

    /// <summary>Reads the link's address over rtnetlink (no <c>ip</c> process); an error message when it cannot.</summary>
    /// <param name="mark">The link's mark (<c>LinkSlots.MarkOf</c>): probes leave by the link's fwmark rule.</param>
    public static Task<(LinkBinding? Binding, string? Error)> ReadAsync(
        LinkConfig link, uint mark, IKernelIo io, CancellationToken cancellationToken) =>
        ReadAsync(link, mark, io, AddressFamily.InterNetwork, link?.Source, cancellationToken);

    /// <summary>
    /// The binding of <paramref name="link"/>'s <paramref name="family"/> probes: <paramref name="configuredSource"/> when
    /// set (for IPv6 the link's <c>ipv6.source</c>), else read from the kernel; an error message when it cannot be read.
    /// IPv6: the device's first address that can be a source (<see cref="AddressChanged.UsableSource"/>: global, not
    /// tentative, deprecated or temporary), read with an RTM_GETADDR dump (<see cref="AddressDump"/>).
    /// </summary>
    /// <param name="mark">The link's mark (<c>LinkSlots.MarkOf</c>): probes leave by the link's fwmark rule.</param>
    public static async Task<(LinkBinding? Binding, string? Error)> ReadAsync(
        LinkConfig link, uint mark, IKernelIo io, AddressFamily family, string? configuredSource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(io);
        var device = DeviceOf(link.Interface);
        if (configuredSource is not null && IPAddress.TryParse(configuredSource, out var configured) && configured.AddressFamily == family)
        {
            return (new LinkBinding(device, mark, configured), null);
        }

        var (interfaces, error) = await io.ReadInterfacesAsync(cancellationToken).ConfigureAwait(false);
        if (error is not null || interfaces.FirstOrDefault(i => i.Name == device) is not { } iface)
        {
            return (null, $"link {link.Name}: cannot read interface {device}: {error ?? "no such device"}");
        }

        var ipv4 = iface.Addresses.Where(a => a.Local.AddressFamily == AddressFamily.InterNetwork).ToList();
        var address = family == AddressFamily.InterNetworkV6
            ? Ipv6Source(device, out error)
            : (ipv4.FirstOrDefault(a => a.Label == link.Interface)
                ?? (link.Interface.Contains(':', StringComparison.Ordinal) ? null : ipv4.FirstOrDefault()))?.Local;
        return address is null
            ? (null, $"link {link.Name}: interface {link.Interface} has no {(family == AddressFamily.InterNetworkV6 ? "usable IPv6" : "IPv4")} address{(error is null ? "" : $" ({error})")}")
            : (new LinkBinding(device, mark, address) { Family = family }, null);
    }

    private static IPAddress? Ipv6Source(string device, out string? error)
    {
        int index;
        using (var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp))
        {
            try
            {
                index = InterfaceQuery.Index(socket, device);
            }
            catch (SocketException e)
            {
                error = e.Message;
                return null;
            }
        }

        (var addresses, error) = AddressDump.Read(AddressFamily.InterNetworkV6, TimeProvider.System);
        return addresses.FirstOrDefault(a => a.Index == index && a.UsableSource)?.Address;
    }
}
