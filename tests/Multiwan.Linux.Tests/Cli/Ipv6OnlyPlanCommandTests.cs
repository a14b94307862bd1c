using System.Text.Json;
using Multiwan.Support;

namespace Multiwan.Cli;

/// <summary><c>multiwan plan</c> with an IPv6-only link (<c>ipv4: false</c>): no IPv4 state, share, placeholder or lines for it.</summary>
public sealed class Ipv6OnlyPlanCommandTests
{
    private const string Yaml = """
        ipv6:
          lan_mode: masquerade
        lan: [eth9]
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
        """;

    [Fact]
    public void The_ipv6_only_link_is_ipv6_only_in_the_text_and_the_json()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("multiwan.yaml");
        File.WriteAllText(path, Yaml);

        var (code, text) = Run(path, json: false, dir);
        var (_, json) = Run(path, json: true, dir);

        Assert.Equal(Cli.Ok, code);
        Assert.Contains("# lte   wwan0   ipv6_only      0x00000200  101    none", text, StringComparison.Ordinal);
        Assert.Contains("# policy default: a 100 %", text, StringComparison.Ordinal);
        Assert.Contains("# ipv6 policy default: a 50 %, lte 50 %", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<lte.address>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<lte.gateway>", text, StringComparison.Ordinal);
        var ip4 = text[text.IndexOf("\n# ip -batch -\n", StringComparison.Ordinal)..text.IndexOf("\n# ip -6 -batch -\n", StringComparison.Ordinal)];
        Assert.Contains("table 100", ip4, StringComparison.Ordinal);
        Assert.DoesNotContain("table 101", ip4, StringComparison.Ordinal); // no IPv4 route or rule of lte
        Assert.DoesNotContain("wwan0", ip4, StringComparison.Ordinal);
        var lte = JsonDocument.Parse(json).RootElement.GetProperty("links")[1];
        Assert.Equal("ipv6_only", lte.GetProperty("state").GetString());
        Assert.False(lte.GetProperty("carrying").GetBoolean());
    }

    private static (int Code, string Output) Run(string path, bool json, TempDirectory dir)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = PlanCommand.Run(new PlanRequest(path, [], [], json, dir.Combine("state")), output, error);
        return (code, output.ToString());
    }
}
