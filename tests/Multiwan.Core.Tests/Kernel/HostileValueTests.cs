using Multiwan.Configuration;
using Multiwan.Text;

namespace Multiwan.Kernel;

/// <summary>
/// Issue 10's injection classes, one named test each: whatever reaches the renderers (the config loader refuses
/// these first), no value changes the nft script's structure or adds an ip command; it is refused with a clear
/// message or written in a form that stays one word on one line.
/// </summary>
public sealed class HostileValueTests
{
    [Theory]
    [InlineData("e\"0")]
    [InlineData("*")]
    [InlineData("eth*")]
    [InlineData("eth0\n")]
    [InlineData("eth0\" accept\n\tiifname \"x")]
    [InlineData("a b")]
    [InlineData("a\\b")]
    [InlineData("eth/0")]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("sixteen-chars-xx")]
    [InlineData("ethé")]
    public void A_device_nft_cannot_hold_as_is_is_refused_with_its_escaped_value(string device)
    {
        var config = PlanConfigs.Balance() with { Links = [PlanConfigs.Link("cable", device), PlanConfigs.Link("dsl", "ppp0")] };

        var error = Assert.Throws<NftValueException>(() => Plan(config));

        Assert.StartsWith("device \"", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be written into the nft script", error.Message, StringComparison.Ordinal);
        Assert.False(SafeText.NeedsEscape(error.Message), error.Message);
    }

    [Theory]
    [InlineData("e\"0")]
    [InlineData("*")]
    [InlineData("br-lan\n")]
    public void A_hostile_lan_device_is_refused(string lan)
    {
        var config = PlanConfigs.Balance() with { Lan = [lan] };

        Assert.Throws<NftValueException>(() => Plan(config));
    }

    [Theory]
    [InlineData("mark_a\n{")]
    [InlineData("a b")]
    [InlineData("a;b")]
    [InlineData("")]
    [InlineData("a\u001b[2Jb")]
    public void A_link_name_that_is_not_an_nft_identifier_is_refused(string name)
    {
        var config = PlanConfigs.Balance() with { Links = [PlanConfigs.Link(name, "eth0"), PlanConfigs.Link("dsl", "ppp0")] };

        var error = Assert.Throws<NftValueException>(() => Plan(config));

        Assert.StartsWith("name \"", error.Message, StringComparison.Ordinal);
        Assert.False(SafeText.NeedsEscape(error.Message), error.Message);
    }

    [Theory]
    [InlineData("10.0.0.0/8 } accept")]
    [InlineData("10.0.0.0/8\n")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0")]
    public void A_rule_prefix_is_written_only_from_its_parsed_parts(string prefix)
    {
        var config = PlanConfigs.Balance() with { Rules = [new RuleConfig { Name = "r", Src = [prefix], Use = "cable" }] };

        Assert.Throws<NftValueException>(() => Plan(config));
    }

    /// <summary>IPv6 rule prefixes (issue 13: <c>fe80::1</c> is now a valid one) reach decide6 only from their parsed parts too.</summary>
    [Theory]
    [InlineData("2001:db8::/64 } accept")]
    [InlineData("2001:db8::/64\n")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%eth0")]
    [InlineData("2001:db8:::1")]
    public void An_ipv6_rule_prefix_is_written_only_from_its_parsed_parts(string prefix)
    {
        var config = Ipv6Plans.Config(Ipv6LanMode.Masquerade) with { Rules = [new RuleConfig { Name = "r", Src = [prefix], Use = "cable" }] };

        Assert.Throws<NftValueException>(() => Plan(config));
    }

    [Fact]
    public void A_valid_ipv6_rule_prefix_is_written_as_parsed()
    {
        var config = Ipv6Plans.Config(Ipv6LanMode.Masquerade) with { Rules = [new RuleConfig { Name = "r", Src = ["2001:DB8:0::/64"], Use = "cable" }] };

        Assert.Contains("ip6 saddr 2001:db8::/64 goto mark_cable", Plan(config).NftScript, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("25 accept")]
    [InlineData("70000")]
    [InlineData("20-10")]
    [InlineData("-1")]
    public void A_rule_port_is_written_only_from_its_parsed_numbers(string port)
    {
        var config = PlanConfigs.Balance() with { Rules = [new RuleConfig { Name = "r", Protocol = RuleProtocol.Tcp, DstPort = [port], Use = "cable" }] };

        Assert.Throws<NftValueException>(() => Plan(config));
    }

    [Fact]
    public void A_source_with_a_newline_is_refused_in_snat_and_stays_one_word_in_ip_lines()
    {
        var config = PlanConfigs.Balance() with
        {
            Links = [PlanConfigs.Link("cable", "eth0") with { Nat = NatMode.Snat, Source = "10.0.0.2\nadd table ip x" }, PlanConfigs.Link("dsl", "ppp0")],
        };

        Assert.Throws<NftValueException>(() => Plan(config));
    }

    [Fact]
    public void A_gateway_with_a_trailing_newline_never_becomes_an_ip_command_of_its_own()
    {
        var config = PlanConfigs.Balance() with
        {
            Links = [PlanConfigs.Link("cable", "eth0") with { Gateway = "192.0.2.254\n", Source = "10.0.0.2" }, PlanConfigs.Link("dsl", "ppp0") with { Source = "10.1.0.2" }],
        };

        var lines = IpBatchRenderer.Render(Plan(config), 211);

        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.Contains(lines, l => l.Contains(@"via 192.0.2.254\n dev eth0", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("route replace default via 192.0.2.254 ", StringComparison.Ordinal) && !l.Contains(" table ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("eth0", "eth0")]
    [InlineData("a b", @"a\x20b")]
    [InlineData("x\\", @"x\x5c")]
    [InlineData("#c", @"\x23c")]
    [InlineData("a\"b'", @"a\x22b\x27")]
    [InlineData("e\n\u001b", @"e\n\e")]
    public void An_ip_word_never_splits_or_continues_a_line(string value, string word)
    {
        Assert.Equal(word, IpBatchRenderer.Word(value));
    }

    [Fact]
    public void Comments_stay_on_one_line()
    {
        Assert.Equal(@"# a\nb\e[2J", NftSyntax.Comment("a\nb\u001b[2J"));
    }

    [Fact]
    public void Ordinary_values_render_unchanged()
    {
        Assert.Equal("\"eth0.10\"", NftSyntax.Quote("eth0.10"));
        Assert.Equal("\"wwan0\"", NftSyntax.Quote("wwan0"));
        Assert.Equal("fibre_1", NftSyntax.Id("fibre-1"));
        Assert.Equal("CABLE", NftSyntax.Id("CABLE"));
        Assert.Equal("10.0.5.0/24", NftSyntax.Prefix("10.0.5.0/24"));
        Assert.Equal("10.0.6.7", NftSyntax.Prefix("10.0.6.7"));
        Assert.Equal("1024-2048", NftSyntax.Port("1024-2048"));
        Assert.Equal("25", NftSyntax.Port("25"));
    }

    private static KernelPlan Plan(MultiwanConfig config) =>
        KernelPlanner.Plan(config, PlanStates.Parse(config, ""), new Dictionary<string, LinkFacts>());
}
