using System.Net;
using System.Net.Sockets;
using Multiwan.Configuration;
using Multiwan.Lab;

namespace Multiwan.Kernel;

/// <summary>Dual-stack configs for the lab (wan1, wan2; LAN ULA fd00:50::/64) and LAN IPv6 traffic bound to one source.</summary>
internal static class Ipv6KernelLab
{
    public static MultiwanConfig DualStack(LabTopology lab, Ipv6LanMode mode, int weight1 = 1, int weight2 = 3)
    {
        var v4 = KernelLab.Balanced(weight1, weight2);
        return v4 with
        {
            Ipv6 = new Ipv6Config { LanMode = mode, LanPrefix = mode == Ipv6LanMode.Npt ? lab.LanUla : null },
            Links = [.. v4.Links.Select((l, i) => l with
            {
                Ipv6 = new LinkIpv6Config
                {
                    Targets = [new TargetConfig { Address = lab.Targets6[i].ToString() }],
                    Prefix = mode switch
                    {
                        Ipv6LanMode.Npt => NptPrefix(lab.Isp(i + 1)),
                        Ipv6LanMode.Route => lab.Isp(i + 1).LanPrefix,
                        _ => null,
                    },
                },
            })],
        };
    }

    /// <summary>The /64 the ULA becomes on an ISP: the last of its delegated /56 (the first is the lab's route-mode LAN prefix).</summary>
    public static string NptPrefix(LabIsp isp) => isp.DelegatedPrefix.Replace("00::/56", "ff::/64", StringComparison.Ordinal);

    /// <summary>
    /// What a LAN connection from a prefix whose WAN is down gets in route mode: the ICMPv6 "reject route" of its nft rule,
    /// which the kernel reports to the socket as EACCES.
    /// </summary>
    public const SocketError Refused = SocketError.AccessDenied;

    /// <summary>How long a connection expected to be refused may wait: far beyond the 1 s SYN retransmission at which the kernel reports the error.</summary>
    public static readonly TimeSpan RefusalPatience = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Opens and closes <paramref name="count"/> TCP connections from the LAN client bound to <paramref name="source"/>;
    /// returns failures. Each may take 10 s (a wait: in the lab a handshake takes well under a millisecond).
    /// </summary>
    public static async Task<int> ConnectFromAsync(LabTopology lab, IPAddress source, IPAddress target, int count, int parallel = 32)
    {
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (_, _) =>
        {
            if (await LabProbe.TcpConnectAsync(lab.LanNamespace, target, source, TimeSpan.FromSeconds(10)) != SocketError.Success)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }
}
