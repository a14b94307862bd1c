using System.Net;

namespace Multiwan.Kernel;

/// <summary>Interface facts for the test configs, as the kernel would report them.</summary>
internal static class PlanFacts
{
    private static readonly ConnectedRoute[] Connected =
    [
        new("192.168.1.0/24", "eth1", IPAddress.Parse("192.168.1.1")),
        new("203.0.113.0/24", "eth0", IPAddress.Parse("203.0.113.10")),
    ];

    public static Dictionary<string, LinkFacts> Balance() => new()
    {
        ["cable"] = new LinkFacts
        {
            Device = "eth0",
            Address = IPAddress.Parse("203.0.113.10"),
            PrefixLength = 24,
            Gateway = IPAddress.Parse("203.0.113.1"),
            ConnectedRoutes = Connected,
        },
        ["dsl"] = new LinkFacts
        {
            Device = "ppp0",
            Address = IPAddress.Parse("198.51.100.7"),
            PrefixLength = 32,
            PointToPoint = true,
            ConnectedRoutes = Connected,
        },
    };

    public static Dictionary<string, LinkFacts> Failover() => new()
    {
        ["fibre"] = new LinkFacts { Device = "eth0", Address = IPAddress.Parse("100.64.1.2"), PrefixLength = 30, Gateway = IPAddress.Parse("100.64.1.1") },
        ["cable"] = new LinkFacts { Device = "eth0.10", Address = IPAddress.Parse("100.64.2.2"), PrefixLength = 24, Gateway = IPAddress.Parse("100.64.2.1") },
        ["lte"] = new LinkFacts { Device = "wwan0", Address = IPAddress.Parse("100.64.3.2"), PrefixLength = 29, Gateway = IPAddress.Parse("100.64.3.1") },
    };
}
