using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Probing;

/// <summary>
/// How the daemon (and <c>multiwan probe</c>) binds a link's probes: the device named by the config (an alias
/// <c>eth0:1</c> means device <c>eth0</c> and the address labelled <c>eth0:1</c>), the configured source or the
/// device's primary IPv4 address read from the kernel, and the link's mark (from its slot, as the planner gives it).
/// </summary>
public static class LinkBindings
{
    public static string DeviceOf(string interfaceName) => LinkResolver.DeviceOf(interfaceName);

    /// <summary>Reads the link's address over rtnetlink (no <c>ip</c> process); an error message when it cannot.</summary>
    /// <param name="mark">The link's mark (<c>LinkSlots.MarkOf</c>): probes leave by the link's fwmark rule.</param>
    public static async Task<(LinkBinding? Binding, string? Error)> ReadAsync(
        LinkConfig link, uint mark, IKernelIo io, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(io);
        var device = DeviceOf(link.Interface);
        if (link.Source is not null)
        {
            return (new LinkBinding(device, mark, IPAddress.Parse(link.Source)), null);
        }

        var (interfaces, error) = await io.ReadInterfacesAsync(cancellationToken).ConfigureAwait(false);
        if (error is not null || interfaces.FirstOrDefault(i => i.Name == device) is not { } iface)
        {
            return (null, $"link {link.Name}: cannot read interface {device}: {error ?? "no such device"}");
        }

        var address = (iface.Addresses.FirstOrDefault(a => a.Label == link.Interface)
            ?? (link.Interface.Contains(':', StringComparison.Ordinal) ? null : iface.Addresses.FirstOrDefault()))?.Local;
        return address is null
            ? (null, $"link {link.Name}: interface {link.Interface} has no IPv4 address")
            : (new LinkBinding(device, mark, address), null);
    }
}
