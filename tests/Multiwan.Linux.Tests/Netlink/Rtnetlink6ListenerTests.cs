using System.Net;
using System.Net.Sockets;
using Multiwan.Lab;
using static Multiwan.Netlink.NetlinkEventStream;

namespace Multiwan.Netlink;

/// <summary>
/// The rtnetlink listener in the lab's router namespace reports IPv6 as it does IPv4, with the family on each event:
/// addresses added and removed, a SLAAC address and the default route a real router advertisement creates, and
/// what a carrier flap does to them.
/// </summary>
public sealed class Rtnetlink6ListenerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [NamespaceFact]
    public async Task Ipv6_address_and_default_route_changes_are_seen_with_their_family()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        await using var events = Listen(lab, cts.Token);
        Assert.True(await events.MoveNextAsync());

        var added = IPAddress.Parse("2001:db8:2::99");
        await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "addr", "add", $"{added}/64", "dev", "wan2", "nodad");
        var address = await NextAsync<AddressChanged>(events, e => !e.Removed && e.Address.Equals(added));
        Assert.Equal((AddressFamily.InterNetworkV6, 64, (byte)0, null), (address.Family, address.PrefixLength, address.Scope, address.Label));
        Assert.True(address.UsableSource);
        Assert.False(address.Dynamic, "added by hand: permanent");

        await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "route", "del", "default", "via", "fe80::1", "dev", "wan2");
        var gone = await NextAsync<RouteChanged>(events, e => e.Removed && e.IsDefault && e.Family == AddressFamily.InterNetworkV6);
        Assert.Equal((254, address.Index, IPAddress.Parse("fe80::1"), RouteChanged.ProtocolRa, 102), (gone.Table, gone.OutputIndex, gone.Gateway, gone.Protocol, gone.Metric));

        await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "addr", "del", $"{added}/64", "dev", "wan2");
        Assert.Equal(address.Index, (await NextAsync<AddressChanged>(events, e => e.Removed && e.Address.Equals(added))).Index);

        // IPv4 events still carry their family.
        await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "addr", "add", "10.99.0.1/32", "dev", "wan2");
        var v4 = await NextAsync<AddressChanged>(events, e => e.Address.Equals(IPAddress.Parse("10.99.0.1")));
        Assert.Equal((AddressFamily.InterNetwork, "wan2"), (v4.Family, v4.Label));
    }

    [NamespaceFact]
    public async Task A_router_advertisement_yields_a_slaac_address_and_an_ra_default_and_their_withdrawal()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        await using var events = Listen(lab, cts.Token);
        Assert.True(await events.MoveNextAsync());
        var uplink = IPNetwork.Parse($"{lab.Isp(1).Gateway6}/64");

        await lab.Advertiser.SendAsync(1, TimeSpan.FromSeconds(600), TimeSpan.FromSeconds(3600), TimeSpan.FromSeconds(1800));
        var (first, second) = await BothAsync(events, e => e is AddressChanged { Removed: false, Dynamic: true } a && uplink.Contains(a.Address), RaDefault(removed: false));
        var (slaac, learned) = ((AddressChanged)first, (RouteChanged)second);
        Assert.True(slaac.UsableSource, $"flags 0x{slaac.Flags:x}");
        Assert.False(slaac.Address.Equals(lab.Isp(1).RouterAddress6));
        Assert.Equal((IPAddress.Parse("fe80::1"), slaac.Index, RouteChanged.ProtocolRa), (learned.Gateway, learned.OutputIndex, learned.Protocol));

        // Preferred lifetime 0 deprecates the address (the event says it can no longer be a source); router lifetime 0 withdraws the default.
        await lab.Advertiser.SendAsync(1, TimeSpan.Zero, TimeSpan.FromSeconds(3600), TimeSpan.Zero);
        var (deprecated, _) = await BothAsync(events, e => e is AddressChanged { Removed: false, UsableSource: false } a && a.Address.Equals(slaac.Address), RaDefault(removed: true));
        Assert.NotEqual(0u, ((AddressChanged)deprecated).Flags & AddressChanged.FlagDeprecated);
    }

    [NamespaceFact]
    public async Task Router_side_carrier_down_removes_the_ipv6_address_and_up_brings_it_back()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        await using var events = Listen(lab, cts.Token);
        Assert.True(await events.MoveNextAsync());
        var wan = lab.Isp(1).RouterAddress6;

        await lab.Faults.SetCarrierAsync(1, up: false, LabSide.Router);
        await NextAsync<AddressChanged>(events, e => e.Removed && e.Address.Equals(wan));
        await lab.Faults.SetCarrierAsync(1, up: true, LabSide.Router);
        await BothAsync(
            events,
            e => e is AddressChanged { Removed: false } a && a.Address.Equals(wan),
            e => e is RouteChanged { Removed: false, IsDefault: true, Family: AddressFamily.InterNetworkV6, Metric: 101 });
    }

    [NamespaceFact]
    public async Task After_a_resync_the_address_dump_finds_an_ipv6_address_added_while_no_socket_listened()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        var opened = new List<Socket>();
        var listener = Recording(lab.RouterNamespace, opened);
        await using var events = listener.ListenAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());

        // The socket dies and the address is added while the listener waits to reopen (ReopenDelay): the stream may never carry it.
        var next = events.MoveNextAsync();
        opened[0].Dispose();
        var added = IPAddress.Parse("2001:db8:1::77");
        await LabProbe.MustAsync("ip", "-n", lab.RouterNamespace, "addr", "add", $"{added}/64", "dev", "wan1", "nodad");
        Assert.True(await next);
        Assert.IsType<NetlinkResync>(events.Current);

        // What a consumer does on a resync, for IPv6: read the addresses again.
        var (addresses, error) = Netns.Run(lab.RouterNamespace, () => AddressDump.Read(AddressFamily.InterNetworkV6, TimeProvider.System));
        Assert.Null(error);
        var found = Assert.Single(addresses, a => a.Address.Equals(added));
        Assert.True(found.UsableSource);
        Assert.Contains(addresses, a => a.Address.Equals(lab.Isp(2).RouterAddress6));
        Assert.Contains(addresses, a => a.Address.IsIPv6LinkLocal && !a.UsableSource);
        Assert.All(addresses, a => Assert.Equal(AddressFamily.InterNetworkV6, a.Family));
    }

    /// <summary>The default the advertisement installs (or withdraws): via fe80::1, <c>proto ra</c>, metric 1024.</summary>
    private static Func<NetlinkEvent, bool> RaDefault(bool removed) => e =>
        e is RouteChanged { IsDefault: true, Family: AddressFamily.InterNetworkV6, Metric: 1024, Protocol: RouteChanged.ProtocolRa } r
        && r.Removed == removed && IPAddress.Parse("fe80::1").Equals(r.Gateway);

    /// <summary>The first events matching each condition, in whatever order the kernel sends them (a route may come before its address).</summary>
    private static async Task<(NetlinkEvent First, NetlinkEvent Second)> BothAsync(IAsyncEnumerator<NetlinkEvent> events, Func<NetlinkEvent, bool> first, Func<NetlinkEvent, bool> second)
    {
        NetlinkEvent? a = null, b = null;
        await NextAsync<NetlinkEvent>(events, e =>
        {
            a ??= first(e) ? e : null;
            b ??= b is null && e != a && second(e) ? e : null;
            return a is not null && b is not null;
        });
        return (a!, b!);
    }

    private static IAsyncEnumerator<NetlinkEvent> Listen(LabTopology lab, CancellationToken cancellationToken) =>
        new RtnetlinkListener(TimeProvider.System, open: () => Netns.Run(lab.RouterNamespace, RtnetlinkSocket.Open)).ListenAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
}
