namespace Multiwan.Configuration;

public sealed class FiveMistakesTests
{
    private const string Broken = """
        mode: balanced
        lan: [eth2]
        links:
          - name: cable
            interface: eth0
            weight: 0
            targets: [192.0.2.1, 192.0.2.2]
          - name: dsl
            interface: ppp0
            gateway: 10.0.0.256
            targets: [198.51.100.1, 198.51.100.2]
        health:
          interval: 1s
          fast_interval: 3s
          down_after: 3
          timeout_max: soon
        rules:
          - name: smtp
            protocol: tcp
            dst_port: 25
            use: fibre
        """;

    [Fact]
    public void Every_mistake_is_reported_at_once_with_its_line()
    {
        var result = ConfigLoader.Parse(Broken, "five.yaml");

        Assert.Null(result.Config);
        Assert.Equal(
            [
                "five.yaml:6: links[0].weight: must be between 1 and 1000 (got 0)",
                "five.yaml:10: links[1].gateway: must be auto or an IPv4 address (got 10.0.0.256)",
                "five.yaml:14: health.fast_interval: must not be longer than interval (1s) (got 3s)",
                "five.yaml:16: health.timeout_max: expected a duration such as 200ms, 1s, 1m30s, 5m, 1h (got soon)",
                "five.yaml:21: rules[0].use: unknown link or policy; known: cable, dsl, default (got fibre)",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void A_single_target_is_a_warning_not_an_error()
    {
        var result = ConfigLoader.Parse("links:\n  - name: a\n    interface: eth0\n    targets: 192.0.2.1\n", "w.yaml");

        Assert.True(result.IsValid);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("w.yaml:4: links[0].targets: only one target: its loss cannot be told from the link's; add a second one (got 192.0.2.1)", warning.ToString());
        Assert.Single(result.Config!.Links[0].Targets);
    }

    [Theory]
    [InlineData("eth0")]
    [InlineData("ppp0")]
    [InlineData("eth0.10")]
    [InlineData("eth0:1")]
    [InlineData("wwan0")]
    [InlineData("abcdefghijklmno")]
    public void Kernel_device_names_and_aliases_are_accepted(string device)
    {
        var text = $"links:\n  - name: a\n    interface: {device}\n    targets: [192.0.2.1, 192.0.2.2]\n";

        Assert.Empty(ConfigLoader.Parse(text, "i.yaml").Errors);
    }
}
