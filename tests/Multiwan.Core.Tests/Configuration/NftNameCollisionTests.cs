namespace Multiwan.Configuration;

/// <summary>Names that become the same nft identifier ('-' and '_' are one there) are refused at check (issue 11).</summary>
public sealed class NftNameCollisionTests
{
    private const string Links = "links:\n  - name: a-b\n    interface: eth0\n    targets: [192.0.2.1]\n  - name: a_b\n    interface: eth1\n    targets: [192.0.2.2]\n";

    [Fact]
    public void Links_differing_only_by_dash_and_underscore_are_refused()
    {
        var result = ConfigLoader.Parse(Links, "t.yaml");

        Assert.False(result.IsValid);
        Assert.Contains("t.yaml:5: links[1].name: has the same nft name as link a-b ('-' and '_' are one in nft names); rename one (got a_b)", result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Rules_and_policies_differing_only_by_dash_and_underscore_are_refused()
    {
        var text = "links:\n  - name: a\n    interface: eth0\n    targets: [192.0.2.1]\n"
            + "policies:\n  - name: p-1\n  - name: p_1\n"
            + "rules:\n  - name: r-1\n    dst: [192.0.2.9]\n    use: a\n  - name: r_1\n    dst: [192.0.2.8]\n    use: a\n";
        var errors = ConfigLoader.Parse(text, "t.yaml").Errors.Select(e => e.ToString()).ToList();

        Assert.Contains(errors, e => e.StartsWith("t.yaml:7: policies[1].name: has the same nft name as policy p-1", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("t.yaml:12: rules[1].name: has the same nft name as rule r-1", StringComparison.Ordinal));
    }

    [Fact]
    public void Sticky_sets_whose_names_collide_are_refused()
    {
        // rule x + link a_b and rule x_a + link b both make the set sticky_x_a_b.
        var text = "links:\n  - name: a_b\n    interface: eth0\n    targets: [192.0.2.1]\n  - name: b\n    interface: eth1\n    targets: [192.0.2.2]\n"
            + "policies:\n  - name: both\n"
            + "rules:\n  - name: x\n    dst_port: [443]\n    protocol: tcp\n    use: both\n    sticky: 30m\n"
            + "  - name: x_a\n    dst_port: [80]\n    protocol: tcp\n    use: both\n    sticky: 30m\n";
        var result = ConfigLoader.Parse(text, "t.yaml");

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith(
            "t.yaml:20: rules[1].sticky: its set sticky_x_a_b (link b) has the same name as rule x's for link a_b; rename one", StringComparison.Ordinal));
    }

    [Fact]
    public void Distinct_names_pass()
    {
        var text = Links.Replace("a_b", "c_d", StringComparison.Ordinal);

        Assert.True(ConfigLoader.Parse(text, "t.yaml").IsValid);
    }
}
