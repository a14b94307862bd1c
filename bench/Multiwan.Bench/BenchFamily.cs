using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// Which family a benchmark measures (<c>--family 4|6</c>, default 4). IPv4: the lab and config as always. IPv6: every link
/// dual-stack with NAT66 (<c>ipv6.lan_mode: masquerade</c>, so a connection via ISP N arrives from the router's wanN
/// address 2001:db8:N::2), the LAN client's traffic to the IPv6 targets, and the one-family IPv6 upstream fault
/// (IPv4 stays up); carrier faults are the same for both.
/// </summary>
internal sealed record BenchFamily(int Version)
{
    public static readonly BenchFamily V4 = new(4);

    public bool Is6 => Version == 6;

    public AddressFamily AddressFamily => Is6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork;

    public string Label => Is6 ? "IPv6" : "IPv4";

    public static Option<int> CreateOption()
    {
        var option = new Option<int>("--family") { Description = "Address family of the LAN traffic and the fault: 4 or 6", DefaultValueFactory = _ => 4 };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is not (4 or 6))
            {
                r.AddError($"--family: 4 or 6 (got {r.GetValueOrDefault<int>()})");
            }
        });
        return option;
    }

    public LabDaemonSettings Daemon(LabDaemonSettings settings) => settings with { Ipv6LanMode = Is6 ? "masquerade" : null };

    /// <summary>The LAN client's traffic to this family's first target.</summary>
    public LabTraffic Traffic(LabTopology lab, TimeSpan? udpInterval, TimeSpan? tcpInterval) =>
        new(lab, udpInterval, tcpInterval, family: AddressFamily);

    public IPAddress Target(LabTopology lab) => Is6 ? lab.Targets6[0] : lab.Targets[0];

    /// <summary>The source the internet's responders see for LAN traffic via <paramref name="isp"/>: the ISP's NAT address, or the router's IPv6 WAN address (NAT66).</summary>
    public IPAddress SeenVia(LabIsp isp) => Is6 ? isp.RouterAddress6 : isp.InternetAddress;

    /// <summary>ISP <paramref name="isp"/>'s upstream dead (modem alive) for this family only on IPv6, for both families on IPv4 (as before).</summary>
    public Task SetUpstreamDeadAsync(LabTopology lab, int isp, bool dead, CancellationToken cancellationToken) => Is6
        ? lab.Faults.SetUpstreamDeadAsync(isp, dead, LabFamilies.Ipv6, cancellationToken)
        : lab.Faults.SetUpstreamDeadAsync(isp, dead, cancellationToken);
}
