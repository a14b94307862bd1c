namespace Multiwan.Configuration;

/// <summary>Issue 11 item 1: a ping-ip (or YAML target) may be a host name; it is resolved through the link at run time, never at load.</summary>
public sealed class HostNameTargetTests
{
    [Fact]
    public void A_host_name_ping_ip_passes_check()
    {
        var result = ConfigLoader.Parse("CABLE eth0 isp www.example.com\nDSL ppp0 isp 198.51.100.1\n", "balance.conf");

        Assert.Empty(result.Errors);
        Assert.Equal("www.example.com", result.Config!.Links[0].Targets.Single().Address);
    }

    [Theory]
    [InlineData("192.0.2.300", "must be an IPv4 address")]
    [InlineData("www..example.com", "must be an IPv4 address or a host name (resolved through the link; arp needs an address)")]
    public void A_target_that_is_neither_an_address_nor_a_name_is_refused(string address, string message)
    {
        var result = ConfigLoader.Parse($"A eth0 isp {address}\n", "balance.conf");

        Assert.Contains(result.Errors, e => e.Path == "links[0].targets[0].address" && e.Message == message);
    }

    [Fact]
    public void An_arp_target_needs_an_address()
    {
        var result = ConfigLoader.Parse("""
            links:
              - name: a
                interface: eth0
                targets:
                  - address: 192.0.2.1
                  - address: gw.example.com
                    method: arp
            """, "multiwan.yaml");

        Assert.Contains(result.Errors, e => e.Path == "links[0].targets[1].address" && e.Message.Contains("arp needs an address", StringComparison.Ordinal));
    }
}
