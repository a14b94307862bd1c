using System.Net;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Lab;

namespace Multiwan.Firewall;

/// <summary>
/// Forwarding groups and user snippets on the real kernel. A second LAN (lanb0, 192.168.60.0/24, in a namespace this
/// test creates and deletes) reaches the lab's LAN client only when one group holds both LANs. A snippet's rule is in
/// force in the same transaction as the firewall; a broken snippet fails the apply with its file:line, and the table
/// already in the kernel stays as it was.
/// </summary>
public sealed class ForwardingGroupLabTests(KernelLab kernel) : IClassFixture<KernelLab>, IAsyncLifetime
{
    private const string LanB = "lanb0";
    private readonly string _snippets = Directory.CreateTempSubdirectory("mw-nftd-").FullName;

    private LabTopology Lab => kernel.Lab;

    private string LanBNamespace => Lab.Prefix + "-lanb";

    public async Task InitializeAsync()
    {
        await LabShell.RunAsync(["ip", "netns", "add", LanBNamespace]);
        await LabShell.IpBatchAsync(Lab.RouterNamespace, [$"link add {LanB} type veth peer name eth0 netns {LanBNamespace}", $"addr add 192.168.60.1/24 dev {LanB}", $"link set {LanB} up"]);
        await LabShell.IpBatchAsync(LanBNamespace, ["link set lo up", "addr add 192.168.60.2/24 dev eth0", "link set eth0 up", "route add default via 192.168.60.1"]);
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_snippets, recursive: true);
        // The pair first, by name: a namespace's devices go asynchronously after `ip netns del`, and the next test of
        // this class (same lab) adds lanb0 again at once.
        try
        {
            await LabShell.IpAsync(Lab.RouterNamespace, "link", "del", LanB);
        }
        finally
        {
            await LabShell.RunAsync(["ip", "netns", "del", LanBNamespace]);
        }
    }

    [NamespaceFact]
    public async Task Lan_a_reaches_lan_b_only_when_a_group_holds_both()
    {
        await kernel.ResetAsync();
        using var server = FirewallLab.Listen(Lab.LanNamespace, FirewallLab.ServerPort);
        var lanA = new IPEndPoint(Lab.LanClientAddress, FirewallLab.ServerPort);

        await kernel.ApplyAsync(Config([new() { Interfaces = ["lan0"] }, new() { Interfaces = [LanB] }]), KernelLab.States());
        Assert.Equal(ConnectOutcome.TimedOut, await FirewallLab.ConnectAsync(LanBNamespace, lanA));

        await kernel.ApplyAsync(Config([new() { Interfaces = ["lan0", LanB] }]), KernelLab.States());
        Assert.Equal(ConnectOutcome.Connected, await FirewallLab.ConnectAsync(LanBNamespace, lanA));

        // No group at all (the YAML default): each LAN reaches the WANs, never the other LAN.
        await kernel.ApplyAsync(Config([]), KernelLab.States());
        Assert.Equal(ConnectOutcome.TimedOut, await FirewallLab.ConnectAsync(LanBNamespace, lanA));
    }

    [NamespaceFact]
    public async Task A_snippet_opens_a_port_and_a_broken_one_names_its_line_and_keeps_the_table()
    {
        await kernel.ResetAsync();
        using var web = FirewallLab.Listen(Lab.RouterNamespace, 2424);
        var isp = Lab.Isp(1);
        var port = new IPEndPoint(isp.RouterAddress, 2424);
        await kernel.ApplyAsync(Config([]), KernelLab.States());
        Assert.Equal(ConnectOutcome.TimedOut, await FirewallLab.ConnectAsync(isp.Namespace, port));

        var good = Snippet("10-web.nft", "# the router's web server\nadd rule ip multiwan_fw input_user tcp dport 2424 accept\n");
        await kernel.ApplyAsync(Config([], good), KernelLab.States());
        Assert.Equal(ConnectOutcome.Connected, await FirewallLab.ConnectAsync(isp.Namespace, port));
        var before = (await kernel.Must("nft", "list", "table", "ip", "multiwan_fw")).Stdout;

        var broken = Snippet("20-broken.nft", "\n\nadd rule ip multiwan_fw input_user tcp dport 2525 jump nowhere\n");
        var config = Config([], good, broken);
        var result = await kernel.Applier(config).ApplyAsync(await kernel.PlanAsync(config, KernelLab.States()), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith($"{broken.File}:3: nft refused the snippet: Error:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
        Assert.Equal(before, (await kernel.Must("nft", "list", "table", "ip", "multiwan_fw")).Stdout);
        Assert.Equal(ConnectOutcome.Connected, await FirewallLab.ConnectAsync(isp.Namespace, port));
    }

    private MultiwanConfig Config(IReadOnlyList<ForwardingGroupConfig> groups, params NftSnippet[] snippets)
    {
        var config = FirewallLab.Config();
        return config with
        {
            Lan = ["lan0", LanB],
            Firewall = config.Firewall with { Forwards = [], ForwardingGroups = groups, Snippets = snippets },
        };
    }

    private NftSnippet Snippet(string name, string text)
    {
        var path = Path.Combine(_snippets, name);
        File.WriteAllText(path, text);
        return new NftSnippet(path, [.. text.Split('\n').Select((line, i) => new NftSnippetLine(i + 1, line))]);
    }
}
