using Multiwan.Kernel;

namespace Multiwan.Firewall;

/// <summary>
/// The interfaces and networks the firewall rules name, every one already written as nft syntax: WAN and LAN
/// devices quoted, LAN prefixes (from the connected routes of the LAN devices) and WAN addresses parsed and rewritten.
/// </summary>
internal sealed record FirewallNetworks(
    IReadOnlyList<string> Wans,
    IReadOnlyList<string> Lans,
    IReadOnlyList<(string Device, IReadOnlyList<string> Prefixes)> LanNetworks,
    IReadOnlyList<string> LanPrefixes,
    IReadOnlyList<string> WanAddresses)
{
    public static FirewallNetworks Of(NftModel model)
    {
        var wans = model.Links.Select(l => l.Device).Distinct().Select(NftSyntax.Quote).ToList();
        var lanDevices = model.Config.Lan.Select(LinkResolver.DeviceOf).Distinct().ToList();
        var networks = lanDevices
            .Select(d => (NftSyntax.Quote(d), (IReadOnlyList<string>)[.. model.Connected.Where(r => r.Device == d).Select(r => NftSyntax.Prefix(r.Prefix)).Distinct()]))
            .ToList();
        var addresses = model.Links.Where(l => l.AddressKnown).Select(l => NftSyntax.Address(l.Address)).Distinct().ToList();
        return new FirewallNetworks(
            wans,
            [.. lanDevices.Select(NftSyntax.Quote)],
            networks,
            [.. networks.SelectMany(n => n.Item2).Distinct()],
            addresses);
    }
}
