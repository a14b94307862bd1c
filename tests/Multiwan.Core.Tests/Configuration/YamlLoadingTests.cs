using Multiwan.Configuration;

namespace Multiwan.Configuration;

public sealed class YamlLoadingTests
{
    private const string TwoLinks = """
        mode: balanced
        lan: eth1
        health:
          interval: 2s
          down_after: 4
          quality:
            loss_fail: 50
        links:
          - name: cable
            interface: eth0
            weight: 2
            targets: [192.0.2.1, 192.0.2.2]
            health:
              down_after: 2
              quality:
                rtt_fail: 900ms
          - name: dsl
            interface: ppp0
            gateway: 198.51.100.1
            targets:
              - 198.51.100.10
              - address: 198.51.100.11
                method: tcp
                port: 443
        kernel:
          mark_mask: 0xff0000
        """;

    [Fact]
    public void A_valid_file_binds_every_value()
    {
        var result = ConfigLoader.Parse(TwoLinks, "multiwan.yaml");

        Assert.Empty(result.Errors);
        var config = result.Config!;
        Assert.Equal(["eth1"], config.Lan);
        Assert.Equal(2, config.Links[0].Weight);
        Assert.Equal("198.51.100.1", config.Links[1].Gateway);
        Assert.Equal(ProbeMethod.Tcp, config.Links[1].Targets[1].Method);
        Assert.Equal(443, config.Links[1].Targets[1].Port);
        Assert.Equal(0xff0000u, config.Kernel.MarkMask);
    }

    [Fact]
    public void A_link_health_overrides_the_global_health_key_by_key()
    {
        var config = ConfigLoader.Parse(TwoLinks, "multiwan.yaml").Config!;

        var cable = config.Links[0].Health;
        Assert.Equal(2, cable.DownAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), cable.Interval);
        Assert.Equal(50, cable.Quality.LossFail);
        Assert.Equal(TimeSpan.FromMilliseconds(900), cable.Quality.RttFail);

        var dsl = config.Links[1].Health;
        Assert.Equal(config.Health, dsl);
        Assert.Equal(4, dsl.DownAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(800), dsl.Quality.RttFail);
    }

    [Fact]
    public void A_missing_file_is_one_error_on_line_zero()
    {
        var result = ConfigLoader.Load("/nonexistent/multiwan.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal("/nonexistent/multiwan.yaml:0: file: cannot read (got no such file)", error.ToString());
        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("200ms", 200)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1500)]
    public void Durations_parse_and_format_back(string text, int milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
        Assert.True(Duration.TryParse(Duration.Format(value), out var again));
        Assert.Equal(value, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1x")]
    [InlineData("s")]
    [InlineData("-1s")]
    public void Bad_durations_are_refused(string text) => Assert.False(Duration.TryParse(text, out _));
}
