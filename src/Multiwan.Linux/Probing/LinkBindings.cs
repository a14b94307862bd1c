using System.Net;
using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.System;

namespace Multiwan.Probing;

/// <summary>
/// How the daemon (and <c>multiwan probe</c>) binds a link's probes: the device named by the config (an alias
/// <c>eth0:1</c> means device <c>eth0</c> and the address labelled <c>eth0:1</c>), the configured source or the
/// device's primary IPv4 address read from the kernel, and the link's mark (from its slot, as the planner gives it).
/// </summary>
public static class LinkBindings
{
    public static string DeviceOf(string interfaceName) => LinkResolver.DeviceOf(interfaceName);

    /// <summary>Reads the link's address with <c>ip -j -4 addr show dev DEV</c>; an error message when it cannot.</summary>
    /// <param name="mark">The link's mark (<c>LinkSlots.MarkOf</c>): probes leave by the link's fwmark rule.</param>
    public static async Task<(LinkBinding? Binding, string? Error)> ReadAsync(
        LinkConfig link, uint mark, ICommandRunner runner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(runner);
        var device = DeviceOf(link.Interface);
        if (link.Source is not null)
        {
            return (new LinkBinding(device, mark, IPAddress.Parse(link.Source)), null);
        }

        var result = await runner.RunAsync(["ip", "-j", "-4", "addr", "show", "dev", device], null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return (null, $"link {link.Name}: cannot read interface {device}: {result.Describe()}");
        }

        var address = PrimaryAddress(result.Stdout, link.Interface);
        return address is null
            ? (null, $"link {link.Name}: interface {link.Interface} has no IPv4 address")
            : (new LinkBinding(device, mark, address), null);
    }

    /// <summary>The same, read over rtnetlink (the daemon: no <c>ip</c> process).</summary>
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

    /// <summary>The first IPv4 address labelled <paramref name="label"/> (or, for a plain device, its first one).</summary>
    internal static IPAddress? PrimaryAddress(string ipJson, string label)
    {
        using var json = JsonDocument.Parse(ipJson.Length == 0 ? "[]" : ipJson);
        IPAddress? first = null;
        foreach (var ifc in json.RootElement.EnumerateArray())
        {
            if (!ifc.TryGetProperty("addr_info", out var addresses))
            {
                continue;
            }

            foreach (var info in addresses.EnumerateArray())
            {
                if (info.GetProperty("family").GetString() != "inet" || !IPAddress.TryParse(info.GetProperty("local").GetString(), out var address))
                {
                    continue;
                }

                if (info.TryGetProperty("label", out var l) && l.GetString() == label)
                {
                    return address;
                }

                first ??= address;
            }
        }

        return label.Contains(':', StringComparison.Ordinal) ? null : first;
    }
}
