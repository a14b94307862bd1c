using System.Globalization;
using System.Net;
using Multiwan.Control;
using Multiwan.Lab;

namespace Multiwan.Cli;

/// <summary>
/// The demo's live line, once per second: what arrived at the internet side during that second, by ISP (the NAT
/// source names the ISP), for the UDP streams and the new TCP connections, then each link's state from the daemon.
/// </summary>
internal sealed class DemoView(LabTopology lab)
{
    private IReadOnlyDictionary<IPAddress, int> _udp = new Dictionary<IPAddress, int>();
    private IReadOnlyDictionary<IPAddress, int> _tcp = new Dictionary<IPAddress, int>();

    /// <summary>Share of the UDP datagrams per ISP during the last second (ISP index → 0..1); empty when nothing arrived.</summary>
    public Dictionary<int, double> LastUdpShare { get; } = [];

    /// <summary>New TCP connections per ISP during the last second.</summary>
    public Dictionary<int, int> LastTcp { get; } = [];

    public string Line(TimeSpan elapsed, StatusSnapshot? status)
    {
        var udp = lab.Udp!.Datagrams.Snapshot();
        var tcp = lab.Tcp!.Connections.Snapshot();
        var udpDelta = lab.Isps.ToDictionary(i => i.Index, i => Delta(udp, _udp, i.InternetAddress));
        var tcpDelta = lab.Isps.ToDictionary(i => i.Index, i => Delta(tcp, _tcp, i.InternetAddress));
        (_udp, _tcp) = (udp, tcp);

        var udpTotal = udpDelta.Values.Sum();
        LastUdpShare.Clear();
        LastTcp.Clear();
        var line = new List<string> { string.Create(CultureInfo.InvariantCulture, $"  {elapsed.TotalSeconds,3:0}s  udp") };
        foreach (var isp in lab.Isps)
        {
            var share = udpTotal == 0 ? 0 : (double)udpDelta[isp.Index] / udpTotal;
            LastUdpShare[isp.Index] = share;
            LastTcp[isp.Index] = tcpDelta[isp.Index];
            line.Add(string.Create(CultureInfo.InvariantCulture, $"isp{isp.Index} {Bar(share)} {share * 100,3:0}%"));
        }

        line.Add(" tcp new");
        line.AddRange(lab.Isps.Select(i => string.Create(CultureInfo.InvariantCulture, $"isp{i.Index} {tcpDelta[i.Index],2}")));
        line.Add(" |");
        line.AddRange(status is null
            ? ["daemon not answering"]
            : status.Links.Select(l => $"{l.Name} {l.State.ToString().ToLowerInvariant()}"));
        return string.Join(' ', line);
    }

    private static int Delta(IReadOnlyDictionary<IPAddress, int> now, IReadOnlyDictionary<IPAddress, int> before, IPAddress source) =>
        (now.TryGetValue(source, out var n) ? n : 0) - (before.TryGetValue(source, out var b) ? b : 0);

    private static string Bar(double share)
    {
        var filled = (int)Math.Round(share * 10);
        return new string('#', filled) + new string('.', 10 - filled);
    }
}
