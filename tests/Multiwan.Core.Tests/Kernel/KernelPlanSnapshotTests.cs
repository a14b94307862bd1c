using System.Text;
using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>The rendered nft script and ip lines, compared with reviewed files in Snapshots/.</summary>
public sealed class KernelPlanSnapshotTests
{
    [Fact]
    public void Balance_all_up_without_facts() =>
        Check("balance-up-no-facts", PlanConfigs.Balance(), "", []);

    [Fact]
    public void Balance_with_facts_cable_down() =>
        Check("balance-cable-down", PlanConfigs.Balance(), "cable=offline", PlanFacts.Balance());

    [Fact]
    public void Balance_all_down_unreachable() =>
        Check("balance-all-down-unreachable", PlanConfigs.Balance(LastResort.Unreachable), "cable=offline dsl=offline", PlanFacts.Balance());

    [Fact]
    public void Failover_fibre_down() =>
        Check("failover-fibre-down", PlanConfigs.Failover(), "fibre=offline", PlanFacts.Failover());

    [Fact]
    public void Rules_all_up() =>
        Check("rules-up", PlanConfigs.Rules(), "", []);

    [Fact]
    public void Rules_guest_and_dsl_down() =>
        Check("rules-guest-dsl-down", PlanConfigs.Rules(), "guest=offline dsl-2=disabled", []);

    private static void Check(string name, MultiwanConfig config, string states, Dictionary<string, LinkFacts> facts)
    {
        var plan = KernelPlanner.Plan(config, PlanStates.Parse(config, states), facts);
        var text = new StringBuilder();
        text.Append("# placeholders: ").Append(string.Join(' ', plan.Placeholders)).Append('\n');
        text.Append("# last resort active: ").Append(plan.LastResortActive).Append('\n');
        text.Append("# nft -f -\n").Append(plan.NftScript);
        text.Append("# ip -batch -\n");
        foreach (var line in IpBatchRenderer.Render(plan, config.Kernel.Protocol))
        {
            text.Append(line).Append('\n');
        }

        Snapshot.Match(name, text.ToString());
    }
}
