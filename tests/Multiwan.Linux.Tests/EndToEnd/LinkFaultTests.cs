using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// A dead link, both ways it dies: carrier lost on the cable, and the ISP's upstream dead while its modem still
/// answers. Each time: the daemon reports wan1 offline, new connections and running UDP streams leave via ISP2
/// only, and when the fault clears wan1 comes back online and takes new connections again.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class LinkFaultTests(EndToEndLab e2e)
{
    /// <summary>
    /// A wait for the verdict, not a bound on it: how fast each fault is detected is measured by the benchmarks
    /// outage-carrier (target 0.3 s) and outage-upstream (target 2 s), with the figures in docs/BENCHMARKS.md.
    /// </summary>
    private static readonly TimeSpan DetectionWait = TimeSpan.FromSeconds(30);

    [NamespaceFact]
    public async Task Carrier_down_takes_wan1_offline_moves_traffic_and_recovers_on_carrier_up()
    {
        await e2e.ResetAsync();
        await using var stream = new LabTraffic(e2e.Lab, TimeSpan.FromMilliseconds(10), null, udpFlows: 4);

        await e2e.Lab.Faults.SetCarrierAsync(1, up: false, LabSide.Isp);
        await e2e.AssertStateAsync("wan1", DetectionWait, LinkState.Offline);
        await AssertEverythingOnIsp2Async();

        await e2e.Lab.Faults.SetCarrierAsync(1, up: true, LabSide.Isp);
        await AssertRecoveredAsync();
    }

    [NamespaceFact]
    public async Task Upstream_dead_with_modem_alive_takes_wan1_offline_moves_traffic_and_recovers()
    {
        await e2e.ResetAsync();
        await using var stream = new LabTraffic(e2e.Lab, TimeSpan.FromMilliseconds(10), null, udpFlows: 4);

        await e2e.Lab.Faults.SetUpstreamDeadAsync(1, dead: true);
        Assert.True(await LabProbe.PingAsync(e2e.Lab.RouterNamespace, e2e.Lab.Isp(1).Gateway), "the modem must still answer during this fault");
        await e2e.AssertStateAsync("wan1", DetectionWait, LinkState.Offline);
        await AssertEverythingOnIsp2Async();

        await e2e.Lab.Faults.SetUpstreamDeadAsync(1, dead: false);
        await AssertRecoveredAsync();
    }

    private async Task AssertEverythingOnIsp2Async()
    {
        var status = await e2e.StatusJsonAsync();
        var wan1 = status.Links.Single(l => l.Name == "wan1");
        Assert.Equal(LinkState.Offline, wan1.State);
        Assert.False(wan1.Carrying);
        Assert.Equal(LinkState.Online, status.Links.Single(l => l.Name == "wan2").State);

        var (failures, isp1, isp2) = await e2e.ConnectAsync(100);
        Assert.Equal((0, 0, 100), (failures, isp1, isp2));
        // Watched for at least 1 s and until more than 200 datagrams arrived (a count, not a rate); none may come via ISP1.
        var (udp1, udp2) = await e2e.UdpAsync(TimeSpan.FromSeconds(1), datagrams: 201);
        Assert.True(udp1 == 0 && udp2 > 200, $"UDP after failover: {udp1} datagrams via ISP1, {udp2} via ISP2");
    }

    private async Task AssertRecoveredAsync()
    {
        await e2e.AssertStateAsync("wan1", TimeSpan.FromSeconds(30), LinkState.Online);
        var status = await e2e.StatusJsonAsync();
        Assert.True(status.Links.Single(l => l.Name == "wan1").Carrying, "wan1 is online but not carrying new connections");

        var (failures, isp1, isp2) = await e2e.ConnectAsync(200);
        Assert.Equal(0, failures);
        Assert.True(isp1 is >= 60 and <= 140, $"after recovery 1:1 balance: {isp1} via ISP1, {isp2} via ISP2");
    }
}
