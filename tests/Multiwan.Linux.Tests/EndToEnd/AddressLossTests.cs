using Multiwan.Lab;
using Multiwan.Tracking;
using Xunit.Abstractions;

namespace Multiwan.EndToEnd;

/// <summary>
/// The router loses wan1's address while its probes run (a lease lost): the daemon takes wan1 offline at once from the
/// rtnetlink event (not after down_after failed rounds), plans it with nothing the kernel would refuse (its
/// gateway is no longer reachable), so every apply succeeds and new connections leave by wan2; with the address
/// back, wan1 comes back online and carries again.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AddressLossTests(EndToEndLab e2e, ITestOutputHelper log)
{
    [NamespaceFact]
    public async Task Address_removed_takes_wan1_offline_at_once_applies_succeed_and_traffic_leaves_by_wan2_until_it_is_back()
    {
        await e2e.ResetAsync();
        var removed = false;
        try
        {
            await e2e.Lab.Faults.SetRouterAddressAsync(1, present: false);
            removed = true;
            // "At once" is the cause, asserted below (the event's reason is "address lost", from rtnetlink, not failed
            // probes); the wait for it is generous so a slow scheduler cannot fail it.
            var took = await e2e.AssertStateAsync("wan1", TimeSpan.FromSeconds(30), LinkState.Offline);
            log.WriteLine($"address removed -> wan1 offline after {took.TotalMilliseconds:0} ms (probe interval 1 s, down_after 3)");

            var (failures, isp1, isp2) = await e2e.ConnectAsync(100); // Takes well over the apply that followed the change.
            var status = await e2e.StatusJsonAsync();
            var wan1 = status.Links.Single(l => l.Name == "wan1");
            Assert.Equal("address lost", wan1.LastEvent?.Reason);
            Assert.False(wan1.Carrying);
            Assert.True(status.ApplyError is null, $"an apply failed while wan1 had no address: {status.ApplyError}");
            Assert.Equal(LinkState.Online, status.Links.Single(l => l.Name == "wan2").State);
            Assert.Equal((0, 0, 100), (failures, isp1, isp2));

            await e2e.Lab.Faults.SetRouterAddressAsync(1, present: true);
            removed = false;
            await e2e.AssertStateAsync("wan1", TimeSpan.FromSeconds(30), LinkState.Online);
            var back = await e2e.StatusJsonAsync();
            Assert.True(back.Links.Single(l => l.Name == "wan1").Carrying, "wan1 is online but not carrying new connections");
            Assert.Null(back.ApplyError);
            var (failuresAfter, isp1After, _) = await e2e.ConnectAsync(100);
            Assert.Equal(0, failuresAfter);
            Assert.True(isp1After > 0, "no new connection left by wan1 after its address came back");
        }
        finally
        {
            if (removed)
            {
                await e2e.Lab.Faults.SetRouterAddressAsync(1, present: true);
            }
        }
    }
}
