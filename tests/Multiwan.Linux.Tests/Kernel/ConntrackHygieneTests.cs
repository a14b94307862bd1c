using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>Whose conntrack entries go after an apply: only a link that went down, and a metered one on failback.</summary>
public sealed class ConntrackHygieneTests
{
    private static readonly MultiwanConfig Config = new()
    {
        Mode = BalanceMode.Failover,
        Links = [new LinkConfig { Name = "fibre", Interface = "eth0" }, new LinkConfig { Name = "lte", Interface = "wwan0", Backup = true, Metered = true }],
    };

    [Fact]
    public void A_link_that_goes_offline_is_flushed_and_nothing_else()
    {
        var flushes = ConntrackHygiene.LinksToFlush(Config, States(LinkState.Online, LinkState.Online), States(LinkState.Offline, LinkState.Online), Plan(true, false), Plan(false, true));

        var only = Assert.Single(flushes);
        Assert.Equal(("fibre", "link down", 0x100u), (only.Link.Name, only.Reason, only.Link.Mark));
    }

    [Fact]
    public void A_metered_backup_that_stops_carrying_while_still_up_is_flushed_as_failback()
    {
        var flushes = ConntrackHygiene.LinksToFlush(Config, States(LinkState.Connecting, LinkState.Online), States(LinkState.Online, LinkState.Online), Plan(false, true), Plan(true, false));

        var only = Assert.Single(flushes);
        Assert.Equal(("lte", "failback"), (only.Link.Name, only.Reason));
    }

    [Fact]
    public void A_not_metered_backup_keeps_its_connections_on_failback_and_the_first_apply_flushes_nothing()
    {
        var unmetered = Config with { Links = [Config.Links[0], Config.Links[1] with { Metered = false }] };

        Assert.Empty(ConntrackHygiene.LinksToFlush(unmetered, States(LinkState.Connecting, LinkState.Online), States(LinkState.Online, LinkState.Online), Plan(false, true), Plan(true, false)));
        Assert.Empty(ConntrackHygiene.LinksToFlush(Config, null, States(LinkState.Offline, LinkState.Online), null, Plan(false, true)));
    }

    [Fact]
    public void Flushing_can_be_turned_off_and_a_degraded_link_keeps_its_connections()
    {
        var off = Config with { Kernel = new KernelConfig { FlushConntrackOnDown = false } };

        Assert.Empty(ConntrackHygiene.LinksToFlush(off, States(LinkState.Online, LinkState.Online), States(LinkState.Offline, LinkState.Online), Plan(true, false), Plan(false, true)));
        Assert.Empty(ConntrackHygiene.LinksToFlush(Config, States(LinkState.Online, LinkState.Online), States(LinkState.Degraded, LinkState.Online), Plan(true, false), Plan(true, false)));
    }

    [Fact]
    public void Sticky_sets_belong_to_the_longest_link_id_they_end_with()
    {
        string[] ids = ["b", "a_b", "c"];

        Assert.Equal("a_b", ConntrackCleaner.StickyOwner("sticky_https_a_b", ids));
        Assert.Equal("b", ConntrackCleaner.StickyOwner("sticky_https_b", ids));
        Assert.Null(ConntrackCleaner.StickyOwner("other_set_b", ids));
    }

    private static Dictionary<string, LinkState> States(LinkState fibre, LinkState lte) => new() { ["fibre"] = fibre, ["lte"] = lte };

    private static KernelPlan Plan(bool fibre, bool lte) => new()
    {
        NftScript = "",
        Routes = [],
        Rules = [],
        Links = [new LinkPlan("fibre", "eth0", 0x100, 100, fibre, fibre ? 100 : 0, fibre ? 1 : 0), new LinkPlan("lte", "wwan0", 0x200, 101, lte, lte ? 100 : 0, lte ? 1 : 0)],
    };
}
