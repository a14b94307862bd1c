using System.Net;

namespace Multiwan.Lab;

/// <summary>
/// One ISP of the lab: its namespace and the /30 it shares with the router's WAN device. The router side is
/// <see cref="RouterDevice"/> (<c>wanN</c>) with <see cref="RouterAddress"/>; the ISP side (<c>cust0</c>) is
/// the gateway. Address and gateway change when <see cref="LabFaults.RenumberAsync"/> runs (DHCP-like).
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

    /// <summary>Upstream toward the internet dropped (the modem still answers).</summary>
    public bool UpstreamDead { get; internal set; }

    /// <summary>Random loss in percent on forwarded traffic (0 = none).</summary>
    public int LossPercent { get; internal set; }

    /// <summary>The delay line between this ISP and the internet, when the lab was built with <see cref="LabOptions.DelayLines"/>.</summary>
    internal DelayLine? DelayLine { get; set; }
}
