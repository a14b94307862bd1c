using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>Dual-stack configs and facts for the IPv6 planner tests: the Balance config of <see cref="PlanConfigs"/> with an IPv6 side per link.</summary>
internal static class Ipv6Plans
{
    public static MultiwanConfig Config(Ipv6LanMode mode) => PlanConfigs.Balance() with
    {
        Ipv6 = new Ipv6Config { LanMode = mode, LanPrefix = mode == Ipv6LanMode.Npt ? "fd00:1::/64" : null },
        Links =
        [
            PlanConfigs.Link("cable", "eth0", weight: 2) with { Ipv6 = Side("2001:db8:1:100::/64", gateway: "auto") },
            PlanConfigs.Link("dsl", "ppp0") with { Ipv6 = Side("2001:db8:2:100::/64", gateway: "auto") },
        ],
        Rules =
        [
            new RuleConfig { Name = "v6mail", Dst = ["2001:db8:25::/48"], Use = "dsl" },
            new RuleConfig { Name = "v4mail", Dst = ["192.0.2.25"], Use = "cable" },
            new RuleConfig { Name = "ntp", Protocol = RuleProtocol.Udp, DstPort = ["123"], Use = "dsl" },
        ],
    };

    /// <summary>One chain of a plan's nft script, from its <c>chain NAME {</c> line to its closing brace.</summary>
    public static string Chain(KernelPlan plan, string name)
    {
        var start = plan.NftScript.IndexOf($"\tchain {name} {{", StringComparison.Ordinal);
        return plan.NftScript[start..plan.NftScript.IndexOf("\t}", start, StringComparison.Ordinal)];
    }

    public static Dictionary<string, LinkFacts> Facts()
    {
        var facts = PlanFacts.Balance();
        ConnectedRoute[] connected6 = [new("fd00:1::/64", "eth1", null), new("2001:db8:a::/64", "eth0", null)];
        facts["cable"] = facts["cable"] with
        {
            Ipv6 = new Ipv6Facts { Address = IPAddress.Parse("2001:db8:a::2"), PrefixLength = 64, Gateway = IPAddress.Parse("fe80::1"), ConnectedRoutes = connected6 },
        };
        facts["dsl"] = facts["dsl"] with
        {
            Ipv6 = new Ipv6Facts { Address = IPAddress.Parse("2001:db8:b::7"), PrefixLength = 64, ConnectedRoutes = connected6 },
        };
        return facts;
    }

    private static LinkIpv6Config Side(string prefix, string gateway) => new()
    {
        Gateway = gateway,
        Prefix = prefix,
        Targets = [new TargetConfig { Address = "2001:db8:ff::1" }, new TargetConfig { Address = "2001:db8:ff::2" }],
    };
}
