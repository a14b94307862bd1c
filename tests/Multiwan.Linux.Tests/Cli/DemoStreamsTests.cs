using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// The demo is the same every run: its UDP streams 1-2 go to ISP1 and 3-4 to ISP2 by rule while both links are up
/// (random balancing put all four on one ISP in 1 run of 8), and each moves to the other ISP when its own fails.
/// </summary>
public sealed class DemoStreamsTests
{
    [Theory]
    [InlineData("", "mark_wan1", "mark_wan2")]
    [InlineData("wan1=offline", "mark_wan2", "mark_wan2")]
    [InlineData("wan2=offline", "mark_wan1", "mark_wan1")]
    public void Streams_are_pinned_by_source_port_to_one_isp_each_and_fail_over(string states, string first, string second)
    {
        var config = DemoConfig();
        var plan = KernelPlanner.Plan(config, Parse(config, states), new Dictionary<string, LinkFacts>());

        Assert.Contains($"udp sport {DemoCommand.StreamPort}-{DemoCommand.StreamPort + 1} goto policy_isp1_first", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains($"udp sport {DemoCommand.StreamPort + 2}-{DemoCommand.StreamPort + 3} goto policy_isp2_first", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains($"chain policy_isp1_first {{\n\t\tgoto {first}\n", plan.NftScript, StringComparison.Ordinal);
        Assert.Contains($"chain policy_isp2_first {{\n\t\tgoto {second}\n", plan.NftScript, StringComparison.Ordinal);
    }

    /// <summary>The YAML the demo gives its daemon (a lab of two ISPs; nothing is built to render it).</summary>
    private static MultiwanConfig DemoConfig()
    {
        var yaml = LabDaemonConfig.Render(new LabTopology("mwlab-000000", 2, 3), new LabDaemonSettings { Weights = [1, 1], Extra = DemoCommand.DemoStreams }, "/run/demo");
        var result = ConfigLoader.Parse(yaml, "demo.yaml");
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Config!;
    }

    private static Dictionary<string, LinkState> Parse(MultiwanConfig config, string states)
    {
        var all = config.Links.ToDictionary(l => l.Name, _ => LinkState.Online);
        foreach (var pair in states.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Split('=')))
        {
            all[pair[0]] = Enum.Parse<LinkState>(pair[1], ignoreCase: true);
        }

        return all;
    }
}
