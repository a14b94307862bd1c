using System.Net;
using System.Security.Cryptography;

namespace Multiwan.Lab;

/// <summary>
/// A throw-away network: LAN client → router → N ISPs (each NATs) → one "internet" namespace holding the targets
/// and responders. Every name carries a per-run prefix (<c>mwlab-1a2b3c-</c>); everything is deleted on
/// dispose, on Ctrl-C and at process exit, and <see cref="CleanupLeftovers"/> removes what a crashed run left.
/// Only private addresses inside these namespaces are used:
/// router <c>wanN</c> 10.N.G.2/30 via ISP 10.N.G.1; ISP N → internet 100.64.N.2/30 via 100.64.N.1;
/// targets 100.64.250.K/32 on the internet's lo; LAN 192.168.50.0/24 (router .1, client .2).
/// The router gets only its WAN addresses and per-WAN default routes in main (metric 100+N), like DHCP would.
/// The lab is dual-stack (documentation prefix 2001:db8::/32, ULA LAN fd00:50::/64; see <see cref="LabIsp"/> and
/// <see cref="LabIpv6"/>): targets 2001:db8:fa::K/128, the router's IPv6 defaults via fe80::1 on each WAN, no IPv6 NAT.
/// </summary>
public sealed class LabTopology : IDisposable, IAsyncDisposable
{
    public const int TcpPort = 5001;
    public const int UdpPort = 5002;
    public const int HttpPort = 80;
    public const int DnsPort = 53;

    private readonly List<string> _namespaces = [];
    private readonly List<IAsyncDisposable> _responders = [];
    private int _tornDown;

    /// <summary>The lab's names and addresses only (nothing is built): what <see cref="CreateAsync"/> starts from, and what tests render configs for.</summary>
    internal LabTopology(string prefix, int isps, int targets)
    {
        Prefix = prefix;
        RouterNamespace = prefix + "-router";
        LanNamespace = prefix + "-lan";
        InternetNamespace = prefix + "-net";
        Isps = [.. Enumerable.Range(1, isps).Select(i => new LabIsp(i, $"{prefix}-isp{i}"))];
        Targets = [.. Enumerable.Range(1, targets).Select(k => IPAddress.Parse($"100.64.250.{k}"))];
        Targets6 = [.. Enumerable.Range(1, targets).Select(k => IPAddress.Parse($"2001:db8:fa::{k:x}"))];
        Faults = new LabFaults(this);
    }

    /// <summary><c>mwlab-</c> and 6 random hex digits.</summary>
    public string Prefix { get; }

    public string RouterNamespace { get; }

    public string LanNamespace { get; }

    public string InternetNamespace { get; }

    public IReadOnlyList<LabIsp> Isps { get; }

    /// <summary>The router's LAN device.</summary>
    public string LanDevice => "lan0";

    /// <summary>The LAN client's device.</summary>
    public string ClientDevice => "eth0";

    public IPAddress RouterLanAddress { get; } = IPAddress.Parse("192.168.50.1");

    public IPAddress LanClientAddress { get; } = IPAddress.Parse("192.168.50.2");

    public string LanCidr => "192.168.50.0/24";

    /// <summary>The router's ULA on the LAN (fd00:50::1/64); it also has ::1 in each ISP's <see cref="LabIsp.LanPrefix"/>.</summary>
    public IPAddress RouterLanAddress6 { get; } = IPAddress.Parse("fd00:50::1");

    /// <summary>The LAN client's ULA (fd00:50::2/64); it also has ::2 in each ISP's <see cref="LabIsp.LanPrefix"/>, default via the router's ULA.</summary>
    public IPAddress LanClientAddress6 { get; } = IPAddress.Parse("fd00:50::2");

    public string LanUla => LabIpv6.LanUla;

    /// <summary>IPv6 addresses in the internet namespace that answer ping and host the responders (2001:db8:fa::1 .. K).</summary>
    public IReadOnlyList<IPAddress> Targets6 { get; }

    /// <summary>Router advertisements from the ISPs' fe80::1, for tests of what the router learns from them (SLAAC, the RA default).</summary>
    public RouterAdvertiser Advertiser => new(this);

    /// <summary>The lab's counters and checks (the ULA watch, BCP38 drops).</summary>
    public LabCounters Counters => new(this);

    /// <summary>Addresses in the internet namespace that answer ping and host the responders.</summary>
    public IReadOnlyList<IPAddress> Targets { get; }

    public LabFaults Faults { get; }

    public TcpCountingServer? Tcp { get; private set; }

    public UdpEchoServer? Udp { get; private set; }

    public HttpResponder? Http { get; private set; }

    public DnsResponder? Dns { get; private set; }

    public IReadOnlyList<string> Namespaces => _namespaces;

    /// <summary>ISP <paramref name="index"/> (1-based).</summary>
    public LabIsp Isp(int index) => Isps[index - 1];

    /// <summary>The ISP whose NAT address (IPv4) or own /48 (IPv6) holds <paramref name="source"/>, as seen by a responder; null if none.</summary>
    public LabIsp? IspBySource(IPAddress source) => Isps.FirstOrDefault(i => i.Owns(source));

    /// <summary>Deletes the namespaces of lab runs whose owning process is dead; returns the names deleted.</summary>
    public static IReadOnlyList<string> CleanupLeftovers() => LabRegistry.CleanupLeftovers();

    public static async Task<LabTopology> CreateAsync(LabOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LabOptions();
        if (options.Isps is < 1 or > 200 || options.Targets is < 1 or > 200)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "lab: Isps and Targets must be 1..200");
        }

        var lab = new LabTopology(LabRegistry.NamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)), options.Isps, options.Targets);
        LabRegistry.Register(lab);
        try
        {
            await lab.BuildAsync(options, cancellationToken).ConfigureAwait(false);
            return lab;
        }
        catch
        {
            await lab.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task BuildAsync(LabOptions options, CancellationToken cancellationToken)
    {
        if (options.RouterNameservers.Count > 0)
        {
            LabResolvConf.Write(this, options.RouterNameservers);
        }

        string[] all = [RouterNamespace, LanNamespace, InternetNamespace, .. Isps.Select(i => i.Namespace)];
        foreach (var ns in all)
        {
            await LabShell.RunAsync(["ip", "netns", "add", ns], null, cancellationToken).ConfigureAwait(false);
            _namespaces.Add(ns);
            await LabShell.ExecAsync(ns, ["sysctl", "-qw", "net.ipv4.ip_forward=1", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0", .. LabIpv6.Sysctls], cancellationToken).ConfigureAwait(false);
        }

        // Cables, created inside the namespaces so no name ever appears in the host's namespace.
        var cables = new List<string> { $"-n {RouterNamespace} link add {LanDevice} type veth peer name {ClientDevice} netns {LanNamespace}" };
        foreach (var isp in Isps)
        {
            cables.Add($"-n {RouterNamespace} link add {isp.RouterDevice} type veth peer name {isp.IspDevice} netns {isp.Namespace}");
            if (options.DelayLines)
            {
                isp.DelayLine = new DelayLine(
                    TunDevice.Create(isp.Namespace, isp.UpstreamDevice), TunDevice.Create(InternetNamespace, $"isp{isp.Index}"), seed: isp.Index);
            }
            else
            {
                cables.Add($"-n {isp.Namespace} link add {isp.UpstreamDevice} type veth peer name isp{isp.Index} netns {InternetNamespace}");
            }
        }

        foreach (var cable in cables)
        {
            await LabShell.RunAsync(["ip", .. cable.Split(' ')], null, cancellationToken).ConfigureAwait(false);
        }

        List<string> internet = ["link set lo up", .. Targets.Select(t => $"addr add {t}/32 dev lo")];
        foreach (var isp in Isps)
        {
            internet.Add($"addr add {isp.UpstreamGateway}/30 dev isp{isp.Index}");
            internet.Add($"link set isp{isp.Index} up");
            await LabShell.IpBatchAsync(isp.Namespace,
            [
                "link set lo up",
                $"addr add {isp.GatewayCidr} dev {isp.IspDevice}",
                $"link set {isp.IspDevice} up",
                $"addr add {isp.InternetAddress}/30 dev {isp.UpstreamDevice}",
                $"link set {isp.UpstreamDevice} up",
                $"route add default via {isp.UpstreamGateway}",
                .. LabIpv6.Isp(isp),
            ], cancellationToken).ConfigureAwait(false);
            await LabShell.NftAsync(isp.Namespace, LabIpv6.Filter(isp), cancellationToken).ConfigureAwait(false);
            await LabShell.NftAsync(isp.Namespace,
                $"table ip mwlab {{\n  chain postrouting {{\n    type nat hook postrouting priority srcnat;\n    oifname \"{isp.UpstreamDevice}\" masquerade\n  }}\n}}\n",
                cancellationToken).ConfigureAwait(false);
        }

        await LabShell.IpBatchAsync(InternetNamespace, [.. internet, .. LabIpv6.Internet(Isps, Targets6)], cancellationToken).ConfigureAwait(false);
        await LabShell.IpBatchAsync(LanNamespace,
        [
            "link set lo up",
            $"addr add {LanClientAddress}/24 dev {ClientDevice}",
            $"link set {ClientDevice} up",
            $"route add default via {RouterLanAddress}",
            .. LabIpv6.Lan(this),
        ], cancellationToken).ConfigureAwait(false);

        List<string> router = ["link set lo up", $"addr add {RouterLanAddress}/24 dev {LanDevice}", $"link set {LanDevice} up"];
        foreach (var isp in Isps)
        {
            router.Add($"addr add {isp.RouterCidr} dev {isp.RouterDevice}");
            router.Add($"link set {isp.RouterDevice} up");
            router.Add(DefaultRouteCommand(isp));
        }

        await LabShell.IpBatchAsync(RouterNamespace, [.. router, .. LabIpv6.Router(this)], cancellationToken).ConfigureAwait(false);

        if (options.Responders)
        {
            // TCP and HTTP listen dual-stack on [::] (IPv4 clients appear as mapped addresses, counted as IPv4);
            // UDP and DNS bind each target address of both families.
            IPAddress[] targets = [.. Targets, .. Targets6];
            Tcp = new TcpCountingServer(InternetNamespace, new IPEndPoint(IPAddress.IPv6Any, TcpPort));
            _responders.Add(Tcp);
            Udp = new UdpEchoServer(InternetNamespace, [.. targets.Select(t => new IPEndPoint(t, UdpPort))]);
            _responders.Add(Udp);
            Http = new HttpResponder(InternetNamespace, new IPEndPoint(IPAddress.IPv6Any, HttpPort));
            _responders.Add(Http);
            Dns = new DnsResponder(InternetNamespace, [.. targets.Select(t => new IPEndPoint(t, DnsPort))], Targets[0], Targets6[0], options.DnsTtlSeconds);
            _responders.Add(Dns);
        }
    }

    /// <summary>The router's main-table default via <paramref name="isp"/>, as its DHCP client would install it.</summary>
    internal static string DefaultRouteCommand(LabIsp isp) =>
        $"route replace default via {isp.Gateway} dev {isp.RouterDevice} metric {isp.Metric}";

    /// <summary>Deletes every namespace of this run (synchronous, idempotent; also used from Ctrl-C and process exit).</summary>
    internal void TearDown()
    {
        if (Interlocked.Exchange(ref _tornDown, 1) == 1)
        {
            return;
        }

        LabResolvConf.Delete(RouterNamespace);
        foreach (var ns in _namespaces.AsEnumerable().Reverse())
        {
            LabShell.DeleteNamespace(ns);
        }

        LabRegistry.Unregister(Prefix);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var responder in _responders)
        {
            await responder.DisposeAsync().ConfigureAwait(false);
        }

        _responders.Clear();
        foreach (var isp in Isps)
        {
            isp.DelayLine?.Dispose();
            isp.DelayLine = null;
        }

        TearDown();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
