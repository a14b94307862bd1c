using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Lab;
using static Multiwan.Netlink.NetlinkEventStream;
using Multiwan.Tracking;

namespace Multiwan.Netlink;

/// <summary>The rtnetlink listener, opened inside the lab's router namespace, sees carrier, address and route changes.</summary>
public sealed class RtnetlinkListenerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [NamespaceFact]
    public async Task Carrier_loss_is_seen_and_takes_the_link_offline_then_carrier_back_is_connecting()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        var listener = new RtnetlinkListener(TimeProvider.System, open: () => Netns.Run(lab.RouterNamespace, RtnetlinkSocket.Open));
        await using var events = listener.ListenAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.IsType<NetlinkResync>(events.Current);

        var tracker = new LinkTracker("wan1", ["t"], new HealthConfig { InitialState = InitialState.Online }, TimeProvider.System);
        await lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
        var down = await NextAsync<LinkChanged>(events, e => e.Name == "wan1" && !e.Carrier);
        Assert.True(down.AdminUp);
        var offline = tracker.OnCarrier(down.Carrier, down.At);
        Assert.Equal((LinkState.Online, LinkState.Offline), (offline!.From, offline.To));

        await lab.Faults.SetCarrierAsync(1, up: true, LabSide.Isp);
        var up = await NextAsync<LinkChanged>(events, e => e.Name == "wan1" && e.Carrier);
        Assert.Equal(LinkState.Connecting, tracker.OnCarrier(up.Carrier, up.At)!.To);
    }

    [NamespaceFact]
    public async Task Address_and_route_changes_are_seen_with_their_details()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        var listener = new RtnetlinkListener(TimeProvider.System, open: () => Netns.Run(lab.RouterNamespace, RtnetlinkSocket.Open));
        await using var events = listener.ListenAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());

        var before = lab.Isp(2);
        var (oldAddress, oldGateway) = (before.RouterAddress, before.Gateway);
        var isp = await lab.Faults.RenumberAsync(2);

        var removed = await NextAsync<AddressChanged>(events, e => e.Removed && e.Address.Equals(oldAddress));
        Assert.Equal(("wan2", 30), (removed.Label, removed.PrefixLength));
        var added = await NextAsync<AddressChanged>(events, e => !e.Removed && e.Address.Equals(isp.RouterAddress));
        Assert.Equal(removed.Index, added.Index);
        var route = await NextAsync<RouteChanged>(events, e => !e.Removed && e.Destination is null && e.PrefixLength == 0 && isp.Gateway.Equals(e.Gateway));
        Assert.Equal((254, added.Index), (route.Table, route.OutputIndex));
        Assert.False(oldGateway.Equals(route.Gateway));
    }

    [NamespaceFact]
    public async Task A_dead_socket_is_reopened_with_a_resync_and_events_keep_coming()
    {
        await using var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false });
        using var cts = new CancellationTokenSource(Patience * 3);
        var opened = new List<Socket>();
        var listener = Recording(lab.RouterNamespace, opened);
        await using var events = listener.ListenAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await events.MoveNextAsync());

        var next = events.MoveNextAsync();
        opened[0].Dispose();
        Assert.True(await next);
        Assert.Equal("listening", Assert.IsType<NetlinkResync>(events.Current).Reason);
        Assert.Equal(2, opened.Count);

        await lab.Faults.SetCarrierAsync(2, up: false, LabSide.Isp);
        Assert.False((await NextAsync<LinkChanged>(events, e => e.Name == "wan2")).Carrier);
    }
}
