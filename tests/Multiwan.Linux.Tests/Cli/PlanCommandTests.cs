using System.Text.Json;
using Multiwan.Lab;

namespace Multiwan.Cli;

/// <summary><c>multiwan plan</c> on the Net-ISP-Balance example (CABLE eth0 weight 2, DSL ppp0 weight 1, LAN eth1).</summary>
public sealed class PlanCommandTests
{
    private static readonly string BalanceConf = RepositoryPaths.Example("balance.conf");
    private static readonly string NoStateDirectory = Path.Combine(Path.GetTempPath(), $"multiwan-plan-none-{Guid.NewGuid():N}");

    [Fact]
    public void Text_output_names_shares_and_placeholders_then_the_exact_script_and_lines()
    {
        var (code, output, _) = Run([]);

        Assert.Equal(Cli.Ok, code);
        Assert.Contains("# CABLE  eth0    online         0x00000100  100    66.7 % (weight 2)", output, StringComparison.Ordinal);
        Assert.Contains("# placeholders (", output, StringComparison.Ordinal);
        Assert.Contains("<CABLE.gateway>", output, StringComparison.Ordinal);
        var nft = Section(output, "# nft -f -", "# ip -batch -");
        Assert.StartsWith("# multiwan: the whole of table inet multiwan", nft, StringComparison.Ordinal);
        Assert.Contains("numgen random mod 3 vmap { 0-1 : goto mark_CABLE, 2 : goto mark_DSL }", nft, StringComparison.Ordinal);
        Assert.Contains("meta nfproto ipv4 oifname \"eth0\" masquerade", nft, StringComparison.Ordinal);
        Assert.Contains("meta nfproto ipv4 oifname \"ppp0\" masquerade", nft, StringComparison.Ordinal);
        Assert.Contains("\n# ip -batch -\nroute replace default via <CABLE.gateway> dev eth0 table 100 proto 211\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Assuming_cable_down_takes_it_out_of_balancing_and_the_main_default_route()
    {
        var (code, output, _) = Run(["--assume", "cable=down"]);

        Assert.Equal(Cli.Ok, code);
        Assert.DoesNotContain("goto mark_CABLE", output, StringComparison.Ordinal);
        Assert.Contains("route replace default dev ppp0 proto 211 metric 0\n", output, StringComparison.Ordinal);
        Assert.Contains("# policy default: DSL 100 %", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_link_down_shows_the_last_resort()
    {
        var (code, output, _) = Run(["--assume", "cable=down", "dsl=down"]);

        Assert.Equal(Cli.Ok, code);
        Assert.Contains("# policy default: LAST RESORT all (no link carries): CABLE 66.7 %, DSL 33.3 %", output, StringComparison.Ordinal);
        Assert.Contains("# last resort all: no link of this policy carries traffic", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--assume", "wifi=down", "multiwan: --assume wifi=down: unknown link 'wifi'; links are: CABLE, DSL")]
    [InlineData("--assume", "cable=sideways", "multiwan: --assume cable=sideways: unknown state 'sideways'; use up, down, degraded, connecting, disconnecting or disabled")]
    [InlineData("--fact", "cable.address=1.2.3", "multiwan: --fact cable.address=1.2.3: expected LINK.address=A.B.C.D/N or LINK.gateway=A.B.C.D|none")]
    public void A_bad_assumption_is_one_line_and_exit_2(string option, string value, string expected)
    {
        var (code, output, error) = Run([option, value]);

        Assert.Equal(Cli.Usage, code);
        Assert.Equal("", output);
        Assert.Equal(expected + Environment.NewLine, error); // only this line: config warnings are not printed before it
    }

    [Fact]
    public void Facts_replace_placeholders()
    {
        var (_, output, _) = Run(["--fact", "cable.address=10.0.0.2/24", "--fact", "cable.gateway=10.0.0.1", "--fact", "dsl.address=10.1.0.2"]);

        Assert.DoesNotContain("placeholders", output, StringComparison.Ordinal);
        Assert.Contains("route replace 10.0.0.0/24 dev eth0 scope link src 10.0.0.2 table 100 proto 211", output, StringComparison.Ordinal);
        Assert.Contains("rule add from 10.1.0.2 table 101 priority 1101 proto 211", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_has_the_documented_shape()
    {
        var (code, output, _) = Run(["--assume", "dsl=down", "--json"]);
        Assert.Equal(Cli.Ok, code);

        using var document = JsonDocument.Parse(output);
        var root = document.RootElement;
        Assert.Equal(
            ["config", "mode", "links", "policies", "last_resort_active", "placeholders", "nft", "ip"],
            root.EnumerateObject().Select(p => p.Name));
        var cable = root.GetProperty("links")[0];
        Assert.Equal(
            ["name", "device", "state", "mark", "table", "carrying", "weight", "share"],
            cable.EnumerateObject().Select(p => p.Name));
        Assert.Equal(256, cable.GetProperty("mark").GetInt32());
        Assert.Equal(1.0, cable.GetProperty("share").GetDouble());
        Assert.Equal("offline", root.GetProperty("links")[1].GetProperty("state").GetString());
        var policy = root.GetProperty("policies")[0];
        Assert.Equal(["name", "mode", "links", "last_resort"], policy.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, policy.GetProperty("last_resort").ValueKind);
        Assert.False(root.GetProperty("last_resort_active").GetBoolean());
        Assert.Contains("goto mark_CABLE", root.GetProperty("nft").GetString(), StringComparison.Ordinal);
        Assert.Equal("route replace default via <CABLE.gateway> dev eth0 table 100 proto 211", root.GetProperty("ip")[0].GetString());
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        var assume = new List<string>();
        var facts = new List<string>();
        var json = false;
        List<string>? current = null;
        foreach (var arg in args)
        {
            switch (arg)
            {
                case "--assume": current = assume; break;
                case "--fact": current = facts; break;
                case "--json": json = true; break;
                default: current!.Add(arg); break;
            }
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        // No identities.json there: slots by position, whatever a daemon on this machine remembers.
        var code = PlanCommand.Run(new PlanRequest(BalanceConf, assume, facts, json, NoStateDirectory), output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static string Section(string text, string start, string end)
    {
        var from = text.IndexOf(start + "\n", StringComparison.Ordinal) + start.Length + 1;
        return text[from..text.IndexOf("\n" + end, from, StringComparison.Ordinal)];
    }
}
