using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.EndToEnd;

/// <summary>
/// Faults that must NOT fail a link, and loss that must: 10 % random loss on ISP1 (both directions) and one target
/// of three gone leave wan1 online with no state change; 50 % loss makes it degraded or offline (default quality
/// thresholds: loss_fail 40 %), and it returns online when the loss clears.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class QualityFaultTests(EndToEndLab e2e)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    [NamespaceFact]
    public async Task Ten_percent_loss_on_isp1_changes_no_state()
    {
        await e2e.ResetAsync();
        var before = await e2e.StatusJsonAsync();

        await e2e.Lab.Faults.SetLossAsync(1, 10);
        await Task.Delay(Window);
        var after = await e2e.StatusJsonAsync();
        await e2e.Lab.Faults.SetLossAsync(1, 0);

        AssertNoStateChange(before, after);
    }

    [NamespaceFact]
    public async Task One_target_down_among_three_keeps_both_links_online_and_carrying()
    {
        await e2e.ResetAsync();
        var before = await e2e.StatusJsonAsync();

        await e2e.Lab.Faults.SetTargetUpAsync(2, up: false);
        await Task.Delay(Window);
        var after = await e2e.StatusJsonAsync();
        var (failures, isp1, isp2) = await e2e.ConnectAsync(100);
        await e2e.Lab.Faults.SetTargetUpAsync(2, up: true);

        AssertNoStateChange(before, after);
        var down = e2e.Lab.Targets[2].ToString();
        Assert.All(after.Links, l => Assert.False(l.Targets.Single(t => t.Target == down).Up, $"{l.Name} still reports target {down} up"));
        Assert.True(failures == 0 && isp1 > 0 && isp2 > 0, $"with a target down: {failures} failures, {isp1} via ISP1, {isp2} via ISP2");
    }

    [NamespaceFact]
    public async Task Fifty_percent_loss_degrades_or_fails_wan1_and_it_recovers_when_loss_clears()
    {
        await e2e.ResetAsync();

        await e2e.Lab.Faults.SetLossAsync(1, 50);
        await e2e.AssertStateAsync("wan1", TimeSpan.FromSeconds(30), LinkState.Degraded, LinkState.Offline);
        Assert.Equal(LinkState.Online, (await e2e.StatusJsonAsync()).Links.Single(l => l.Name == "wan2").State);

        await e2e.Lab.Faults.SetLossAsync(1, 0);
        await e2e.AssertStateAsync("wan1", TimeSpan.FromSeconds(60), LinkState.Online);
    }

    private static void AssertNoStateChange(Control.StatusSnapshot before, Control.StatusSnapshot after)
    {
        foreach (var link in before.Links)
        {
            var now = after.Links.Single(l => l.Name == link.Name);
            Assert.True(now.State == LinkState.Online && now.Since == link.Since && now.Carrying,
                $"{link.Name}: {link.State} since {link.Since:O} became {now.State} since {now.Since:O} (carrying {now.Carrying})");
        }
    }
}
