using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Firewall;

/// <summary>The firewall table's script, compared with reviewed files in Kernel/Snapshots/, and what it must never contain.</summary>
public sealed class FirewallRendererTests
{
    private static readonly Dictionary<string, LinkState> AllUp = [];

    [Fact]
    public void Restrictive_with_facts() =>
        Snapshot.Match("firewall-restrictive", Script(FirewallConfigs.Restrictive, PlanFacts.Balance()), SnapshotPath());

    [Fact]
    public void Restrictive_without_facts_accepts_the_lan_device_and_skips_what_needs_addresses() =>
        Snapshot.Match("firewall-restrictive-no-facts", Script(FirewallConfigs.Restrictive, []), SnapshotPath());

    [Fact]
    public void Forwards_only() =>
        Snapshot.Match("firewall-forwards-only", Script(FirewallConfigs.ForwardsOnly, PlanFacts.Balance()), SnapshotPath());

    [Fact]
    public void Off_declares_no_table_and_only_removes_ours()
    {
        var script = Script(FirewallConfigs.Off, PlanFacts.Balance());

        var commands = script.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(["add table ip multiwan_fw", "delete table ip multiwan_fw"], commands);
    }

    [Fact]
    public void A_forward_whose_host_cannot_be_written_is_refused_not_rendered()
    {
        var config = FirewallConfigs.Load(FirewallConfigs.Restrictive);
        var hostile = config with
        {
            Firewall = config.Firewall with { Forwards = [new ForwardConfig { Port = "80", To = "192.168.1.10 accept; flush ruleset" }] },
        };

        var error = Assert.Throws<NftValueException>(() => KernelPlanner.Plan(hostile, AllUp, PlanFacts.Balance()));
        Assert.Contains("cannot be written into the nft script", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_routing_script_does_not_change_when_the_firewall_is_on()
    {
        var on = KernelPlanner.Plan(FirewallConfigs.Load(FirewallConfigs.Restrictive), AllUp, PlanFacts.Balance());
        var off = KernelPlanner.Plan(FirewallConfigs.Load(FirewallConfigs.Off), AllUp, PlanFacts.Balance());

        Assert.Equal(off.NftScript, on.NftScript);
        Assert.NotEqual(off.FirewallScript, on.FirewallScript);
    }

    private static string Script(string yaml, Dictionary<string, LinkFacts> facts) =>
        KernelPlanner.Plan(FirewallConfigs.Load(yaml), AllUp, facts).FirewallScript;

    private static string SnapshotPath([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "..", "Kernel", "FirewallRendererTests.cs");
}
