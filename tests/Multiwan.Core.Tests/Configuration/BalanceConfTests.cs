namespace Multiwan.Configuration;

public sealed class BalanceConfTests
{
    private const string Typical = """
        # Net-ISP-Balance configuration
        ##service    device   role     ping-ip           weight     gateway
        CABLE        eth0     isp      192.0.2.1         2          default
        DSL          ppp0     isp      198.51.100.1      1          default
        LAN          eth1     lan

        mode=balanced
        warn_email=root@localhost
        interval_ms=500
        timeout_ms=100
        max_packet_loss=20
        max_successive_pkts_lost=7
        min_packet_loss=5
        min_successive_pkts_rcvd=10
        long_down_time=120
        """;

    [Fact]
    public void The_table_and_lsm_options_map_onto_the_model()
    {
        var result = ConfigLoader.Parse(Typical, "balance.conf");

        Assert.Empty(result.Errors);
        var config = result.Config!;
        Assert.Equal(BalanceMode.Balanced, config.Mode);
        Assert.Equal(["eth1"], config.Lan);
        Assert.Equal(["CABLE", "DSL"], config.Links.Select(l => l.Name));
        Assert.Equal(["eth0", "ppp0"], config.Links.Select(l => l.Interface));
        Assert.Equal([2, 1], config.Links.Select(l => l.Weight));
        Assert.All(config.Links, l => Assert.Equal("auto", l.Gateway));
        Assert.Equal("198.51.100.1", config.Links[1].Targets.Single().Address);

        var h = config.Health;
        Assert.Equal(TimeSpan.FromMilliseconds(500), h.Interval);
        Assert.Equal(TimeSpan.FromMilliseconds(100), h.TimeoutMax);
        Assert.Equal(TimeSpan.FromMilliseconds(100), h.TimeoutMin);
        Assert.Equal(7, h.DownAfter);
        Assert.Equal(10, h.UpAfter);
        Assert.Equal(20, h.Quality.LossFail);
        Assert.Equal(5, h.Quality.LossRecover);
        Assert.Equal(DegradedAction.Remove, h.Quality.Action);
        Assert.Equal(TimeSpan.FromMinutes(2), h.LongDown);
        Assert.All(config.Links, l => Assert.Equal(h, l.Health));
        Assert.Equal(["root@localhost"], config.Notifications.Email!.To);
        Assert.Equal("localhost", config.Notifications.Email.Server);
    }

    [Fact]
    public void Missing_optional_columns_default_to_weight_1_and_auto_gateway()
    {
        var text = "A eth0 isp 192.0.2.1\nB eth1 isp 192.0.2.2 3\nC eth2 isp 192.0.2.3 1 203.0.113.1\nL eth3 lan\n";

        var config = ConfigLoader.Parse(text, "balance.conf").Config!;

        Assert.Equal([1, 3, 1], config.Links.Select(l => l.Weight));
        Assert.Equal(["auto", "auto", "203.0.113.1"], config.Links.Select(l => l.Gateway));
    }

    [Fact]
    public void Ppp_vlan_and_alias_devices_are_read()
    {
        var text = "##service device role ping-ip\nDSL ppp0 isp 192.0.2.1\nVLAN eth0.10 isp 192.0.2.2\nALIAS eth0:1 isp 192.0.2.3\nLAN eth0:0 lan\n";

        var result = ConfigLoader.Parse(text, "balance.conf");

        Assert.Empty(result.Errors);
        Assert.Equal(["ppp0", "eth0.10", "eth0:1"], result.Config!.Links.Select(l => l.Interface));
        Assert.Equal(["eth0:0"], result.Config.Lan);
    }

    [Fact]
    public void Failover_mode_prefers_the_highest_weight_as_tier_1()
    {
        var text = "mode=failover\nSLOW eth0 isp 192.0.2.1 1\nFAST eth1 isp 192.0.2.2 10\nMID eth2 isp 192.0.2.3 5\n";

        var config = ConfigLoader.Parse(text, "balance.conf").Config!;

        Assert.Equal(BalanceMode.Failover, config.Mode);
        Assert.Equal([3, 1, 2], config.Links.Select(l => l.Tier));
    }

    [Fact]
    public void Options_that_cannot_be_honoured_are_warnings_naming_their_line()
    {
        var text = "A eth0 isp 192.0.2.1\nB eth1 isp 192.0.2.2\ncheck_arp=1\nfrobnicate=yes\nforwarding_group=LAN1 :isp\nLAN1 eth2 lan\nLAN2 eth3 lan 192.0.2.9\n";

        var result = ConfigLoader.Parse(text, "balance.conf");

        Assert.Empty(result.Errors);
        var warnings = result.Warnings.Select(w => w.ToString()).ToList();
        Assert.Contains(warnings, w => w.StartsWith("balance.conf:3: check_arp: not honoured: ARP is only a secondary signal", StringComparison.Ordinal));
        Assert.Contains("balance.conf:4: frobnicate: unknown option, ignored (got yes)", warnings);
        Assert.DoesNotContain(warnings, w => w.StartsWith("balance.conf:5:", StringComparison.Ordinal));
        Assert.Contains("balance.conf:7: lan LAN2: ping-ip, weight and gateway are ignored on a lan line (got 192.0.2.9)", warnings);
        Assert.Contains("balance.conf:7: lan LAN2: in no forwarding_group with an ISP: the firewall lets it reach the router and its group only (got eth3)", warnings);
        Assert.Equal(["eth2", "eth3"], result.Config!.Lan);
        var group = Assert.Single(result.Config.Firewall.ForwardingGroups);
        Assert.Equal(["eth2"], group.Interfaces);
        Assert.True(group.Wan);
    }

    [Fact]
    public void The_firewall_is_on_for_a_balance_conf_with_a_lan_and_firewall_off_turns_it_off()
    {
        var on = ConfigLoader.Parse("A eth0 isp 192.0.2.1\nL1 eth1 lan\nL2 eth2 lan\n", "balance.conf");
        var off = ConfigLoader.Parse("A eth0 isp 192.0.2.1\nL1 eth1 lan\nforwarding_group=L1 :isp\nfirewall=off\n", "balance.conf");
        var bad = ConfigLoader.Parse("A eth0 isp 192.0.2.1\nL1 eth1 lan\nfirewall=maybe\n", "balance.conf");

        Assert.Equal(FirewallProfile.Restrictive, on.Config!.Firewall.Profile);
        var all = Assert.Single(on.Config.Firewall.ForwardingGroups);
        Assert.Equal(["eth1", "eth2"], all.Interfaces); // Net-ISP-Balance's default, forwarding_group=:lan :isp
        Assert.True(on.Config.Hooks.LsmArguments);
        Assert.Equal(FirewallProfile.Off, off.Config!.Firewall.Profile);
        Assert.Empty(off.Config.Firewall.ForwardingGroups);
        Assert.Contains("balance.conf:3: forwarding_group: not enforced: firewall=off, so multiwan installs no firewall; restrict forwarding in your own (got L1 :isp)", off.Warnings.Select(w => w.ToString()));
        Assert.Equal("balance.conf:3: firewall: must be restrictive (the default) or off (got maybe)", Assert.Single(bad.Errors).ToString());
    }

    [Fact]
    public void The_default_forwarding_group_is_silent()
    {
        var text = "A eth0 isp 192.0.2.1\nA2 eth1 isp 192.0.2.2\nL eth2 lan\nforwarding_group=:lan :isp\n";

        var result = ConfigLoader.Parse(text, "balance.conf");

        Assert.DoesNotContain(result.Warnings, w => w.Path == "forwarding_group");
        Assert.Equal(["eth2"], result.Config!.Lan);
    }

    [Theory]
    [InlineData("A eth0 isp 192.0.2.1\nmode=roundrobin\n", "balance.conf:2: mode: must be balanced or failover (got roundrobin)")]
    [InlineData("A eth0 isp 192.0.2.1\ninterval_ms=fast\n", "balance.conf:2: interval_ms: must be a whole number (got fast)")]
    [InlineData("A eth0 wan 192.0.2.1\nB eth1 isp 192.0.2.2\n", "balance.conf:1: service A: role must be isp or lan (got wan)")]
    [InlineData("A eth0 isp 192.0.2.1 heavy\n", "balance.conf:1: service A: weight (5th column) must be a whole number (got heavy)")]
    [InlineData("A eth0\n", "balance.conf:1: balance.conf: expected 'service device role [ping-ip] [weight] [gateway]' or name=value (got A eth0)")]
    [InlineData("A eth0 isp\n", "balance.conf:1: links[0].targets: needs at least one probe target (an IPv4 address) (got none)")]
    [InlineData("A eth0 isp www..example.com\n", "balance.conf:1: links[0].targets[0].address: must be an IPv4 address or a host name (resolved through the link; arp needs an address) (got www..example.com)")]
    [InlineData("A eth0 isp 192.0.2.1 0\n", "balance.conf:1: links[0].weight: must be between 1 and 1000 (got 0)")]
    [InlineData("A eth0 isp 192.0.2.1\nB eth0 isp 192.0.2.2\n", "balance.conf:2: links[1].interface: already the interface of link A (got eth0)")]
    [InlineData("A eth0 isp 192.0.2.1\na eth1 isp 192.0.2.2\n", "balance.conf:2: links[1].name: differs from link A only by case; names are matched without regard to case, rename one (got a)")]
    [InlineData("A eth0 isp 192.0.2.1\nmax_packet_loss=5\nmin_packet_loss=10\n", "balance.conf:3: health.quality.loss_recover: must be below loss_fail (5) (got 10)")]
    [InlineData("A eth0 isp 192.0.2.1\ninterval_ms=0\n", "balance.conf:2: health.interval: must be longer than 0s (got 0s)")]
    [InlineData("# nothing\n", "balance.conf:1: links: the file is empty; at least one isp line is needed")]
    [InlineData("L eth1 lan\n", "balance.conf:1: links: at least one link is needed (got none)")]
    public void Mistakes_name_their_line(string text, string expected)
    {
        var result = ConfigLoader.Parse(text, "balance.conf");

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("balance.conf", "links: []", true)]
    [InlineData("multiwan.yaml", "CABLE eth0 isp", false)]
    [InlineData("config", "# comment\nCABLE eth0 isp 192.0.2.1\n", true)]
    [InlineData("config", "mode=failover\n", true)]
    [InlineData("config", "mode: failover\n", false)]
    [InlineData("config", "links:\n  - name: a\n", false)]
    public void The_format_is_detected_by_name_then_content(string fileName, string text, bool balanceConf) =>
        Assert.Equal(balanceConf, ConfigLoader.IsBalanceConf(text, fileName));

    [Theory]
    [InlineData(Typical)]
    [InlineData("mode=failover\nSLOW eth0 isp 192.0.2.1 1\nFAST eth1 isp 192.0.2.2 10 192.0.2.254\nMID eth2 isp 192.0.2.3 5\n")]
    [InlineData("DSL ppp0 isp 192.0.2.1\nVLAN eth0.10 isp 192.0.2.2\nALIAS eth0:1 isp 192.0.2.3\nLAN eth0:0 lan\nGUEST eth5 lan\nforwarding_group=LAN :isp\n")]
    [InlineData("A eth0 isp 192.0.2.1\nmax_packet_loss=30\ninterval_ms=100\ntimeout_ms=50\nmax_successive_pkts_lost=40\nwarn_email=root, ops@example.org\n")]
    public void Import_then_load_gives_an_equal_config(string text)
    {
        var imported = ConfigLoader.Parse(text, "balance.conf");
        Assert.Empty(imported.Errors);

        var yaml = ConfigYamlWriter.Write(imported.Config!);
        var loaded = ConfigLoader.Parse(yaml, "multiwan.yaml");

        Assert.Empty(loaded.Errors);
        Assert.True(ConfigValues.DeepEquals(imported.Config, loaded.Config), yaml);
    }
}
