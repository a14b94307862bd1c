using Multiwan.Kernel;

namespace Multiwan.Configuration;

/// <summary>Issue 11 item 1: names stay as written (a balance.conf's CABLE stays CABLE), nft ids keep the case, commands match without regard to case.</summary>
public sealed class LinkNameCaseTests
{
    private const string UpperCase = "CABLE eth0 isp 192.0.2.1 2\nDSL ppp0 isp 198.51.100.1 1\nLAN eth1 lan\n";

    [Fact]
    public void A_balance_conf_keeps_its_service_names_as_written()
    {
        var result = ConfigLoader.Parse(UpperCase, "balance.conf");

        Assert.Empty(result.Errors);
        Assert.Equal(["CABLE", "DSL"], result.Config!.Links.Select(l => l.Name));
    }

    [Fact]
    public void Nft_ids_keep_the_case_as_written()
    {
        Assert.Equal("CABLE", NftSyntax.Id("CABLE"));
        Assert.Equal("My_Link", NftSyntax.Id("My-Link"));
    }

    [Fact]
    public void Two_links_that_differ_only_by_case_are_refused()
    {
        var result = ConfigLoader.Parse("CABLE eth0 isp 192.0.2.1\ncable eth1 isp 192.0.2.2\n", "balance.conf");

        var error = Assert.Single(result.Errors);
        Assert.Equal("links[1].name", error.Path);
        Assert.Contains("differs from link CABLE only by case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_may_not_be_a_link_name_in_other_case()
    {
        var result = ConfigLoader.Parse("""
            links:
              - name: CABLE
                interface: eth0
                targets: [192.0.2.1]
            policies:
              - name: cable
                links: [CABLE]
            """, "multiwan.yaml");

        Assert.Contains(result.Errors, e => e.Path == "policies[0].name" && e.Message.Contains("also a link name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CABLE", "CABLE")]
    [InlineData("cable", "CABLE")]
    [InlineData("Dsl", "dsl")]
    public void A_name_is_matched_exactly_else_without_regard_to_case(string given, string expected)
    {
        Assert.Equal(expected, LinkNameMatch.Find(["CABLE", "dsl"], given, out var error));
        Assert.Equal("", error);
    }

    [Fact]
    public void An_unknown_name_is_an_error_naming_the_known_links()
    {
        Assert.Null(LinkNameMatch.Find(["CABLE", "DSL"], "wifi", out var error));
        Assert.Equal("no link named 'wifi' (links: CABLE, DSL)", error);
    }

    [Fact]
    public void Two_case_insensitive_matches_and_no_exact_one_is_ambiguous()
    {
        Assert.Equal("Cable", LinkNameMatch.Find(["CABLE", "Cable"], "Cable", out _));
        Assert.Null(LinkNameMatch.Find(["CABLE", "Cable"], "cable", out var error));
        Assert.Equal("link name 'cable' is ambiguous: it matches CABLE, Cable (write it exactly)", error);
    }
}
