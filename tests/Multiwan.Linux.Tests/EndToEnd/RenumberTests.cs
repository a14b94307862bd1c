using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// The ISP hands wan1 a new address and gateway (a DHCP renew with a new lease): the daemon follows from rtnetlink
/// without a restart, status shows the new address, and new connections leave through ISP1 again within seconds.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RenumberTests(EndToEndLab e2e)
{
    [NamespaceFact]
    public async Task New_wan1_address_and_gateway_carry_traffic_again_and_show_in_status()
    {
        await e2e.ResetAsync();

        var isp = await e2e.Lab.Faults.RenumberAsync(1);

        // A wait, not a timing claim: how fast is bench renumber's figure (median 56 ms in docs/BENCHMARKS.md), so the wait
        // is generous (30 s) and a slow scheduler cannot fail it; a daemon that never follows the change still does.
        var deadline = TimeProvider.System.GetTimestamp();
        var carried = false;
        while (!carried && TimeProvider.System.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
        {
            var (failures, isp1, _) = await e2e.ConnectAsync(20);
            carried = failures == 0 && isp1 > 0;
        }

        Assert.True(carried, $"no new connection left via ISP1's new address {isp.RouterAddress} within 30 s; daemon log:\n{e2e.Daemon.Tail()}");
        await e2e.AssertStateAsync("wan1", TimeSpan.FromSeconds(20), LinkState.Online);
        var wan1 = (await e2e.StatusJsonAsync()).Links.Single(l => l.Name == "wan1");
        Assert.Equal(isp.RouterAddress.ToString(), wan1.Address);
        Assert.Equal(isp.Gateway.ToString(), wan1.Gateway);
    }
}
