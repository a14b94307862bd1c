namespace Multiwan.Configuration;

/// <summary>The IPv6 side of the config: each link's <c>ipv6:</c> and the explicit LAN mode, every mistake one line.</summary>
public sealed class Ipv6ConfigTests
{
    private const string Good = """
        ipv6:
          lan_mode: npt
          lan_prefix: fd00:1::/64
        links:
          - name: a
            interface: eth0
            targets: [192.0.2.1, 192.0.2.2]
            ipv6:
              gateway: auto
              targets: [2001:db8:ff::1, 2001:db8:ff::2]
              prefix: 2001:db8:1:100::/64
          - name: b
            interface: eth1
            targets: [192.0.2.1, 192.0.2.3]
            ipv6:
              gateway: fe80::1
              source: 2001:db8:2::2
              targets: [2001:db8:ff::1, 2001:db8:ff::3]
              prefix: 2001:db8:2:100::/64
        rules:
          - name: v6mail
            dst: [2001:db8:25::/48]
            use: b
        """;

    [Fact]
    public void A_dual_stack_config_binds_both_families()
    {
        var result = ConfigLoader.Parse(Good, "t.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var config = result.Config!;
        Assert.Equal(Ipv6LanMode.Npt, config.Ipv6.LanMode);
        Assert.Equal("fd00:1::/64", config.Ipv6.LanPrefix);
        Assert.Equal(["192.0.2.1", "192.0.2.2"], config.Links[0].Targets.Select(t => t.Address));
        Assert.Equal(["2001:db8:ff::1", "2001:db8:ff::2"], config.Links[0].Ipv6!.Targets.Select(t => t.Address));
        Assert.Equal("auto", config.Links[0].Ipv6!.Gateway);
        Assert.Equal("fe80::1", config.Links[1].Ipv6!.Gateway);
        Assert.Equal(RuleFamily.Ipv6, RuleFamilies.Of(config.Rules[0]));
    }

    [Fact]
    public void An_ipv4_only_config_has_no_ipv6_side()
    {
        var result = ConfigLoader.Parse("links:\n  - name: a\n    interface: eth0\n    targets: [192.0.2.1, 192.0.2.2]\n", "t.yaml");

        Assert.True(result.IsValid);
        Assert.Null(result.Config!.Links[0].Ipv6);
        Assert.Null(result.Config.Ipv6.LanMode);
        Assert.Empty(result.Warnings);
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "lan_mode: npt", "lan_mode: sideways", "t.yaml:2: ipv6.lan_mode: expected one of npt, masquerade, route (got sideways)" },
        { "  lan_mode: npt\n", "", "t.yaml:1: ipv6.lan_mode: needed when a link has ipv6: choose npt, masquerade or route (docs/CONFIG.md, IPv6) (got nothing)" },
        { "lan_prefix: fd00:1::/64", "lan_prefix: fd00:1::1/64", "t.yaml:3: ipv6.lan_prefix: must be an IPv6 prefix of at most /64 with no host bits, such as 2001:db8:1::/64 (got fd00:1::1/64)" },
        { "  lan_prefix: fd00:1::/64\n", "", "t.yaml:1: ipv6.lan_prefix: npt needs the LAN's own prefix (a ULA such as fd00:1::/64) (got nothing)" },
        { "gateway: auto", "gateway: 192.0.2.254", "t.yaml:9: links[0].ipv6.gateway: must be auto or an IPv6 address (a link-local fe80:: next hop is used with the link's device) (got 192.0.2.254)" },
        { "gateway: fe80::1", "gateway: fe80::1%eth1", "t.yaml:16: links[1].ipv6.gateway: must be auto or an IPv6 address (a link-local fe80:: next hop is used with the link's device) (got fe80::1%eth1)" },
        { "source: 2001:db8:2::2", "source: fe80::2", "t.yaml:17: links[1].ipv6.source: must be a global unicast IPv6 address (not ::, ::1, link-local fe80::/10, multicast or IPv4-mapped) (got fe80::2)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: [2001:db8:ff::1, 192.0.2.7]", "t.yaml:10: links[0].ipv6.targets[1].address: must be an IPv6 address (got 192.0.2.7)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: [2001:db8:ff::1, ff02::1]", "t.yaml:10: links[0].ipv6.targets[1].address: must be a unicast IPv6 address (not ::, ::1, multicast ff00::/8 or IPv4-mapped) (got ff02::1)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: [2001:db8:ff::1, 2001:db8::zz]", "t.yaml:10: links[0].ipv6.targets[1].address: must be an IPv6 address (got 2001:db8::zz)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: [2001:db8:ff::1, www..example.com]", "t.yaml:10: links[0].ipv6.targets[1].address: must be an IPv6 address or a host name (resolved through the link's IPv6, AAAA; arp needs an address) (got www..example.com)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: [2001:db8:ff::1, {address: gw.example.com, method: arp}]", "t.yaml:10: links[0].ipv6.targets[1].address: must be an IPv6 address or a host name (resolved through the link's IPv6, AAAA; arp needs an address) (got gw.example.com)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: []", "t.yaml:10: links[0].ipv6.targets: needs at least one IPv6 probe target (its IPv6 health is tracked apart from IPv4) (got none)" },
        { "targets: [192.0.2.1, 192.0.2.2]", "targets: [192.0.2.1, 2001:db8::9]", "t.yaml:7: links[0].targets[1].address: is an IPv6 address: IPv6 targets go under the link's ipv6.targets (got 2001:db8::9)" },
        { "prefix: 2001:db8:1:100::/64", "prefix: 2001:db8:1:100::/56", "t.yaml:11: links[0].ipv6.prefix: must be as long as ipv6.lan_prefix (/64): the translation keeps the host part (got 2001:db8:1:100::/56)" },
        { "prefix: 2001:db8:1:100::/64", "prefix: fd00:9::/64", "t.yaml:11: links[0].ipv6.prefix: is a unique local (fc00::/7) prefix, which no ISP routes; give the WAN's global prefix (got fd00:9::/64)" },
        { "      prefix: 2001:db8:1:100::/64\n", "", "t.yaml:8: links[0].ipv6.prefix: lan_mode npt needs the prefix this WAN translates the LAN prefix to (got nothing)" },
        { "dst: [2001:db8:25::/48]", "dst: [2001:db8:25::/48, 192.0.2.0/24]", "t.yaml:21: rules[0]: mixes IPv4 and IPv6 prefixes in src/dst: a connection is one family; write one rule per family (got v6mail)" },
        { "dst: [2001:db8:25::/48]", "dst: [2001:db8:25::/200]", "t.yaml:22: rules[0].dst[0]: must be an IPv6 address or prefix such as 2001:db8::/32 (got 2001:db8:25::/200)" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_ipv6_mistake_is_one_line_with_its_path_and_value(string replace, string with, string expected)
    {
        var text = Good.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Good, text);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void An_ipv6_target_may_be_a_host_name_resolved_at_run_time_not_at_load()
    {
        var result = ConfigLoader.Parse(Good.Replace("targets: [2001:db8:ff::1, 2001:db8:ff::2]", "targets: [v6.example.com, 2001:db8:ff::2]", StringComparison.Ordinal), "t.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(["v6.example.com", "2001:db8:ff::2"], result.Config!.Links[0].Ipv6!.Targets.Select(t => t.Address));
    }

    [Fact]
    public void An_ipv6_rule_without_an_ipv6_link_could_never_match_and_is_refused()
    {
        var result = ConfigLoader.Parse("links:\n  - name: a\n    interface: eth0\n    targets: [192.0.2.1, 192.0.2.2]\nrules:\n  - name: r\n    dst: [2001:db8::/32]\n    use: a\n", "t.yaml");

        Assert.Equal(["t.yaml:6: rules[0]: matches IPv6 prefixes but no link has ipv6: it could never match (got r)"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Route_mode_needs_a_prefix_per_wan_that_overlaps_no_other()
    {
        var text = Good.Replace("lan_mode: npt", "lan_mode: route", StringComparison.Ordinal)
            .Replace("  lan_prefix: fd00:1::/64\n", "", StringComparison.Ordinal)
            .Replace("2001:db8:2:100::/64", "2001:db8:1::/48", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.Equal(["t.yaml:18: links[1].ipv6.prefix: overlaps links[0].ipv6.prefix: each WAN routes a prefix of its own (got 2001:db8:1::/48)"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Masquerade_needs_no_prefix_and_warns_about_one_written()
    {
        var text = Good.Replace("lan_mode: npt", "lan_mode: masquerade", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Contains("t.yaml:3: ipv6.lan_prefix: does nothing with lan_mode masquerade (got fd00:1::/64)", result.Warnings.Select(w => w.ToString()));
        Assert.Contains("t.yaml:11: links[0].ipv6.prefix: does nothing with lan_mode masquerade (got 2001:db8:1:100::/64)", result.Warnings.Select(w => w.ToString()));
    }
}
