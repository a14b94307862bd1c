using Multiwan.Configuration;
using Multiwan.Tracking;

namespace Multiwan.Kernel;

/// <summary>Configs built in C# for policy and planner tests (independent of the YAML loader).</summary>
internal static class PlanConfigs
{
    public static LinkConfig Link(string name, string device, int weight = 1, int tier = 1, bool backup = false) => new()
    {
        Name = name,
        Interface = device,
        Weight = weight,
        Tier = tier,
        Backup = backup,
        Targets = [new TargetConfig { Address = "192.0.2.1" }, new TargetConfig { Address = "192.0.2.2" }],
    };

    /// <summary>Net-ISP-Balance's classic: CABLE eth0 weight 2, DSL ppp0 weight 1, LAN eth1.</summary>
    public static MultiwanConfig Balance(LastResort lastResort = LastResort.All) => new()
    {
        Lan = ["eth1"],
        Links = [Link("cable", "eth0", weight: 2), Link("dsl", "ppp0")],
        LastResort = lastResort,
    };

    /// <summary>Three links in failover: fibre (tier 1), cable (tier 2), a metered LTE backup.</summary>
    public static MultiwanConfig Failover() => new()
    {
        Mode = BalanceMode.Failover,
        Lan = ["br-lan"],
        Links =
        [
            Link("fibre", "eth0"),
            Link("cable", "eth0.10", tier: 2),
            Link("lte", "wwan0", backup: true) with { Metered = true, Nat = NatMode.Snat },
        ],
        LastResort = LastResort.Unreachable,
    };

    /// <summary>Policy rules: SMTP pinned to one link, HTTPS sticky per client, a guest net blackholed when its link is down.</summary>
    public static MultiwanConfig Rules() => Balance() with
    {
        Kernel = new KernelConfig { MarkMask = 0x00ff0000, TableFirst = 200, TableLast = 210, RulePriorityFirst = 3000, RulePriorityLast = 3100 },
        Links = [Link("cable", "eth0", weight: 2), Link("dsl-2", "ppp0"), Link("guest", "eth2") with { Nat = NatMode.None }],
        Policies =
        [
            new PolicyConfig { Name = "fast", Links = ["cable", "dsl-2"] },
            new PolicyConfig { Name = "guests", Links = ["guest"], LastResort = LastResort.Blackhole },
        ],
        Rules =
        [
            new RuleConfig { Name = "smtp", Protocol = RuleProtocol.Tcp, DstPort = ["25", "465", "587"], Use = "dsl-2" },
            new RuleConfig { Name = "https", Protocol = RuleProtocol.Tcp, DstPort = ["443"], Use = "fast", Sticky = TimeSpan.FromMinutes(30) },
            new RuleConfig { Name = "guest-net", Src = ["10.9.0.0/16"], Use = "guests" },
            new RuleConfig { Name = "dns", Dst = ["192.0.2.53", "198.51.100.0/24"], SrcPort = ["1024-65535"], DstPort = ["53"], Protocol = RuleProtocol.Udp, Use = "cable" },
        ],
    };

    public static Dictionary<string, LinkState> States(MultiwanConfig config, params (string Link, LinkState State)[] overrides)
    {
        var states = config.Links.ToDictionary(l => l.Name, _ => LinkState.Online);
        foreach (var (link, state) in overrides)
        {
            states[link] = state;
        }

        return states;
    }
}
