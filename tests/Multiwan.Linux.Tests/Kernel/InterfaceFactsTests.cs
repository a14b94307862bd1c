using System.Net;
using Multiwan.Configuration;

namespace Multiwan.Kernel;

/// <summary>Facts from <c>ip -j addr</c> and <c>ip -N -j route show table main</c> output (as ip 6.1 prints it).</summary>
public sealed class InterfaceFactsTests
{
    private const string Addr = """
        [{"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8,"label":"lo"}]},
         {"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"addr_info":[
            {"family":"inet","local":"10.9.1.2","prefixlen":30,"scope":"global","label":"eth0"},
            {"family":"inet","local":"10.9.2.2","prefixlen":24,"scope":"global","label":"eth0:1"},
            {"family":"inet6","local":"fe80::1","prefixlen":64,"scope":"link"}]},
         {"ifname":"ppp0","flags":["POINTOPOINT","MULTICAST","NOARP","UP","LOWER_UP"],"addr_info":[{"family":"inet","local":"198.18.0.7","prefixlen":32,"label":"ppp0"}]},
         {"ifname":"eth2","flags":["BROADCAST","MULTICAST","UP"],"addr_info":[{"family":"inet","local":"10.9.3.2","prefixlen":24,"label":"eth2"}]}]
        """;

    private const string Main = """
        [{"dst":"default","protocol":"211","flags":[],"nexthops":[{"gateway":"10.9.1.1","dev":"eth0","weight":1,"flags":[]}]},
         {"dst":"default","gateway":"10.9.2.1","dev":"eth0","metric":200,"flags":[]},
         {"dst":"default","gateway":"10.9.1.1","dev":"eth0","protocol":"16","metric":100,"flags":[]},
         {"dst":"default","gateway":"10.9.3.1","dev":"eth2","flags":["linkdown"]},
         {"dst":"10.9.1.0/30","dev":"eth0","protocol":"2","scope":"253","prefsrc":"10.9.1.2","flags":[]},
         {"dst":"10.9.2.0/24","dev":"eth0","protocol":"2","scope":"253","prefsrc":"10.9.2.2","flags":[]},
         {"dst":"10.77.0.0/24","gateway":"10.9.1.1","dev":"eth0","flags":[]}]
        """;

    private static readonly MultiwanConfig Config = new()
    {
        Links =
        [
            new LinkConfig { Name = "cable", Interface = "eth0" },
            new LinkConfig { Name = "alias", Interface = "eth0:1" },
            new LinkConfig { Name = "dsl", Interface = "ppp0" },
            new LinkConfig { Name = "down", Interface = "eth2" },
            new LinkConfig { Name = "gone", Interface = "eth9" },
        ],
    };

    [Fact]
    public void A_plain_device_gets_its_primary_address_and_the_dhcp_default_gateway_never_ours()
    {
        var cable = IpJson.Facts(Config, Addr, Main)["cable"];

        Assert.Equal(("eth0", IPAddress.Parse("10.9.1.2"), 30, IPAddress.Parse("10.9.1.1"), false, true),
            (cable.Device, cable.Address, cable.PrefixLength, cable.Gateway, cable.PointToPoint, cable.Up));
        Assert.Equal(["10.9.1.0/30", "10.9.2.0/24"], cable.ConnectedRoutes.Select(r => r.Prefix));
    }

    [Fact]
    public void An_alias_resolves_to_its_device_with_its_labels_address_and_the_gateway_in_its_subnet()
    {
        var alias = IpJson.Facts(Config, Addr, Main)["alias"];

        Assert.Equal(("eth0", IPAddress.Parse("10.9.2.2"), 24, IPAddress.Parse("10.9.2.1")), (alias.Device, alias.Address, alias.PrefixLength, alias.Gateway));
    }

    [Fact]
    public void Point_to_point_has_no_gateway_no_carrier_is_down_and_a_missing_device_is_down()
    {
        var facts = IpJson.Facts(Config, Addr, Main);

        Assert.True(facts["dsl"].PointToPoint);
        Assert.Null(facts["dsl"].Gateway);
        Assert.False(facts["down"].Up);
        Assert.Equal(IPAddress.Parse("10.9.3.1"), facts["down"].Gateway);
        Assert.False(facts["gone"].Up);
        Assert.Null(facts["gone"].Address);
    }

    [Fact]
    public void A_gateway_that_vanished_with_its_route_is_kept_from_the_previous_facts()
    {
        var previous = new Dictionary<string, LinkFacts> { ["down"] = new() { Device = "eth2", Gateway = IPAddress.Parse("10.9.3.1") } };
        var noRoute = Main.Replace("""{"dst":"default","gateway":"10.9.3.1","dev":"eth2","flags":["linkdown"]},""", "", StringComparison.Ordinal);

        Assert.Null(IpJson.Facts(Config, Addr, noRoute)["down"].Gateway);
        Assert.Equal(IPAddress.Parse("10.9.3.1"), IpJson.Facts(Config, Addr, noRoute, previous)["down"].Gateway);
    }
}
