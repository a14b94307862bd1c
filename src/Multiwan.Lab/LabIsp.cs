using System.Net;

namespace Multiwan.Lab;

/// <summary>
/// One ISP of the lab: its namespace and the /30 it shares with the router's WAN device. The router side is
/// <see cref="RouterDevice"/> (<c>wanN</c>) with <see cref="RouterAddress"/>; the ISP side (<c>cust0</c>) is
/// the gateway. Address and gateway change when <see cref="LabFaults.RenumberAsync"/> runs (DHCP-like).
/// IPv6: the ISP owns <see cref="OwnPrefix"/> (2001:db8:N::/48, N in hex): the uplink /64 2001:db8:N::/64 (router ::2,
/// ISP ::1 and the link-local next hop fe80::1 on <c>cust0</c>), the customer prefix it routes to the router
/// (<see cref="DelegatedPrefix"/>, 2001:db8:N:G00::/56 with G = 1 + <see cref="PrefixGeneration"/>), and nothing else
/// passes it toward the internet (BCP38). It does not translate IPv6: the internet sees the router's own sources.
/// </summary>
public sealed class LabIsp
{
    internal LabIsp(int index, string nameSpace)
    {
        Index = index;
        Namespace = nameSpace;
    }

    /// <summary>1-based: ISP 1 is behind <c>wan1</c>.</summary>
    public int Index { get; }

    public string Namespace { get; }

    public string RouterDevice => $"wan{Index}";

    /// <summary>The ISP's device facing the router.</summary>
    public string IspDevice => "cust0";

    /// <summary>The ISP's device facing the internet namespace.</summary>
    public string UpstreamDevice => "up0";

    /// <summary>The router's WAN address (a /30).</summary>
    public IPAddress RouterAddress => IPAddress.Parse($"10.{Index}.{Generation}.2");

    /// <summary>The router's default gateway on this WAN: the ISP's own address (the "modem").</summary>
    public IPAddress Gateway => IPAddress.Parse($"10.{Index}.{Generation}.1");

    public int PrefixLength => 30;

    public string RouterCidr => $"{RouterAddress}/{PrefixLength}";

    public string GatewayCidr => $"{Gateway}/{PrefixLength}";

    /// <summary>The ISP's address toward the internet: the source the internet sees for everything this ISP NATs.</summary>
    public IPAddress InternetAddress => IPAddress.Parse($"100.64.{Index}.2");

    /// <summary>The internet namespace's address on this ISP's upstream link.</summary>
    public IPAddress UpstreamGateway => IPAddress.Parse($"100.64.{Index}.1");

    /// <summary>Metric of the router's default route via this ISP in main (as a DHCP client would install it).</summary>
    public int Metric => 100 + Index;

    /// <summary>Bumped by each DHCP-like renumbering: the /30 is 10.N.Generation.0.</summary>
    public int Generation { get; internal set; }

    /// <summary>Upstream toward the internet dropped for both families (the modem still answers).</summary>
    public bool UpstreamDead => DeadFamilies == LabFamilies.Both;

    /// <summary>The families whose upstream is dropped (<see cref="LabFaults.SetUpstreamDeadAsync"/>).</summary>
    public LabFamilies DeadFamilies { get; internal set; }

    /// <summary>Random loss in percent on forwarded traffic (0 = none).</summary>
    public int LossPercent { get; internal set; }

    /// <summary>N in hex, as it appears in this ISP's IPv6 prefixes.</summary>
    public string Hex => Index.ToString("x", global::System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Everything this ISP may forward from the router (2001:db8:N::/48): its uplink /64 and its delegated /56.</summary>
    public string OwnPrefix => $"2001:db8:{Hex}::/48";

    /// <summary>The router's IPv6 address on this WAN (2001:db8:N::2/64).</summary>
    public IPAddress RouterAddress6 => IPAddress.Parse($"2001:db8:{Hex}::2");

    /// <summary>The ISP's global IPv6 address on the uplink (2001:db8:N::1).</summary>
    public IPAddress Gateway6 => IPAddress.Parse($"2001:db8:{Hex}::1");

    /// <summary>The router's IPv6 next hop on this WAN as router advertisements give it: fe80::1 on <see cref="RouterDevice"/>.</summary>
    public IPAddress LinkLocalGateway => IPAddress.Parse("fe80::1");

    public int PrefixLength6 => 64;

    public string RouterCidr6 => $"{RouterAddress6}/{PrefixLength6}";

    /// <summary>The customer prefix this ISP routes to the router (a /56); bumped by <see cref="LabFaults.RenumberPrefixAsync"/>.</summary>
    public string DelegatedPrefix => $"2001:db8:{Hex}:{PrefixGeneration + 1:x}00::/56";

    /// <summary>The first /64 of the delegated prefix, on the router's LAN: router ::1, LAN client ::2.</summary>
    public string LanPrefix => $"2001:db8:{Hex}:{PrefixGeneration + 1:x}00::/64";

    /// <summary>The router's LAN address in <see cref="LanPrefix"/>.</summary>
    public IPAddress RouterLanAddress6 => IPAddress.Parse($"2001:db8:{Hex}:{PrefixGeneration + 1:x}00::1");

    /// <summary>The LAN client's address in <see cref="LanPrefix"/>.</summary>
    public IPAddress LanClientAddress6 => IPAddress.Parse($"2001:db8:{Hex}:{PrefixGeneration + 1:x}00::2");

    /// <summary>The ISP's IPv6 address toward the internet (2001:db8:ff:N::2/64).</summary>
    public IPAddress InternetAddress6 => IPAddress.Parse($"2001:db8:ff:{Hex}::2");

    /// <summary>The internet namespace's IPv6 address on this ISP's upstream link (2001:db8:ff:N::1).</summary>
    public IPAddress UpstreamGateway6 => IPAddress.Parse($"2001:db8:ff:{Hex}::1");

    /// <summary>Bumped by each delegated-prefix renumbering.</summary>
    public int PrefixGeneration { get; internal set; }

    /// <summary>Whether <paramref name="source"/> (as a responder sees it) is in this ISP's IPv4 NAT address or IPv6 prefix.</summary>
    public bool Owns(IPAddress source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source.AddressFamily == global::System.Net.Sockets.AddressFamily.InterNetworkV6
            ? IPNetwork.Parse(OwnPrefix).Contains(source)
            : InternetAddress.Equals(source);
    }

    /// <summary>The delay line between this ISP and the internet, when the lab was built with <see cref="LabOptions.DelayLines"/>.</summary>
    internal DelayLine? DelayLine { get; set; }
}
