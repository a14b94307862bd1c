namespace Multiwan.Configuration;

/// <summary>IPv6-only links (<c>ipv4: false</c>): accepted beside a dual-stack link, every mistake one line.</summary>
public sealed class Ipv6OnlyConfigTests
{
    private const string Good = """
        ipv6:
          lan_mode: masquerade
        links:
          - name: a
            interface: eth0
            targets: [192.0.2.1, 192.0.2.2]
            ipv6:
              targets: [2001:db8:ff::1, 2001:db8:ff::2]
          - name: lte
            interface: wwan0
            ipv4: false
            ipv6:
              targets: [2001:db8:ff::1, 2001:db8:ff::3]
        policies:
          - name: mobile
            links: [lte]
        rules:
          - name: v6mail
            dst: [2001:db8:25::/48]
            use: lte
        """;

    [Fact]
    public void An_ipv6_only_link_beside_a_dual_stack_one_is_valid()
    {
        var result = ConfigLoader.Parse(Good, "t.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Empty(result.Warnings);
        Assert.True(result.Config!.Links[0].Ipv4);
        Assert.False(result.Config.Links[1].Ipv4);
        Assert.Empty(result.Config.Links[1].Targets);
        Assert.Equal(["2001:db8:ff::1", "2001:db8:ff::3"], result.Config.Links[1].Ipv6!.Targets.Select(t => t.Address));
    }

    public static TheoryData<string, string, string> Mistakes => new()
    {
        { "    ipv6:\n      targets: [2001:db8:ff::1, 2001:db8:ff::3]\npolicies", "policies", "t.yaml:11: links[1].ipv4: false makes the link IPv6 only: it needs an ipv6: block with its targets (got false)" },
        { "targets: [2001:db8:ff::1, 2001:db8:ff::3]", "targets: []", "t.yaml:13: links[1].ipv6.targets: needs at least one IPv6 probe target (its IPv6 health is tracked apart from IPv4) (got none)" },
        { "    ipv4: false\n", "    ipv4: false\n    targets: [192.0.2.9]\n", "t.yaml:12: links[1].targets: an IPv6-only link (ipv4: false) has no IPv4 targets; its probe targets go under ipv6.targets (got 192.0.2.9)" },
        { "    ipv4: false\n", "    ipv4: false\n    gateway: 192.0.2.254\n", "t.yaml:12: links[1].gateway: an IPv6-only link (ipv4: false) has no IPv4 gateway; the IPv6 one goes under ipv6.gateway (got 192.0.2.254)" },
        { "    ipv4: false\n", "    ipv4: false\n    source: 192.0.2.9\n", "t.yaml:12: links[1].source: an IPv6-only link (ipv4: false) has no IPv4 source; the IPv6 one goes under ipv6.source (got 192.0.2.9)" },
        { "dst: [2001:db8:25::/48]", "dst: [192.0.2.0/24]", "t.yaml:20: rules[0].use: matches IPv4 prefixes but uses only IPv6-only links (lte, ipv4: false): it could never send a connection (got lte)" },
        { "use: lte", "use: mobile", "" },
        { "ipv4: false", "ipv4: maybe", "t.yaml:11: links[1].ipv4: expected true or false (got maybe)" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Each_ipv6_only_mistake_is_one_line_with_its_path_and_value(string replace, string with, string expected)
    {
        var text = Good.Replace(replace, with, StringComparison.Ordinal);
        Assert.NotEqual(Good, text);

        var result = ConfigLoader.Parse(text, "t.yaml");

        if (expected.Length == 0)
        {
            Assert.True(result.IsValid, string.Join("\n", result.Errors)); // an IPv6 rule may use a policy of IPv6-only links
        }
        else
        {
            Assert.Contains(expected, result.Errors.Select(e => e.ToString()));
        }
    }

    [Fact]
    public void A_policy_rule_of_ipv4_prefixes_over_ipv6_only_links_is_refused()
    {
        var text = Good.Replace("dst: [2001:db8:25::/48]\n    use: lte", "dst: [192.0.2.0/24]\n    use: mobile", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.Equal(["t.yaml:20: rules[0].use: matches IPv4 prefixes but uses only IPv6-only links (lte, ipv4: false): it could never send a connection (got mobile)"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_family_free_rule_over_ipv6_only_links_warns_that_it_decides_ipv6_only()
    {
        var text = Good.Replace("    dst: [2001:db8:25::/48]\n", "", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["t.yaml:19: rules[0].use: decides IPv6 connections only: lte is IPv6 only (ipv4: false) (got lte)"], result.Warnings.Select(w => w.ToString()));
    }

    [Fact]
    public void Every_link_may_be_ipv6_only()
    {
        var text = Good.Replace("    targets: [192.0.2.1, 192.0.2.2]\n", "    ipv4: false\n", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.All(result.Config!.Links, l => Assert.False(l.Ipv4));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Every_link_ipv6_only_still_refuses_a_rule_with_ipv4_prefixes()
    {
        var text = Good.Replace("    targets: [192.0.2.1, 192.0.2.2]\n", "    ipv4: false\n", StringComparison.Ordinal)
            .Replace("use: lte", "use: a", StringComparison.Ordinal)
            .Replace("dst: [2001:db8:25::/48]", "dst: [192.0.2.25]", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.Equal(["t.yaml:20: rules[0].use: matches IPv4 prefixes but uses only IPv6-only links (a, ipv4: false): it could never send a connection (got a)"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Nat_on_an_ipv6_only_link_is_a_warning()
    {
        var text = Good.Replace("    ipv4: false\n", "    ipv4: false\n    nat: snat\n", StringComparison.Ordinal);

        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(["t.yaml:12: links[1].nat: does nothing on an IPv6-only link (ipv4: false): its IPv6 NAT follows ipv6.lan_mode (got snat)"], result.Warnings.Select(w => w.ToString()));
    }
}
