using System.Net;

namespace Multiwan.Lab;

/// <summary>
/// <see cref="LabOptions.RouterNameservers"/>: <c>ip netns exec ROUTER</c> (how the tests and <see cref="LabDaemon"/> start
/// the daemon) sees the lab's resolv.conf in place of the host's, no other namespace or the host does, and the
/// directory is gone after dispose, also when building the lab fails.
/// </summary>
public sealed class LabResolvConfTests
{
    [NamespaceFact]
    public async Task Ip_netns_exec_in_the_router_sees_the_lab_nameservers_and_dispose_deletes_them()
    {
        var host = await ReadHostResolvConfAsync();
        var lab = await LabTopology.CreateAsync(new LabOptions { Responders = false, RouterNameservers = [IPAddress.Parse("100.64.250.2"), IPAddress.Parse("2001:db8:fa::1")] });
        var directory = Path.Combine("/etc/netns", lab.RouterNamespace);
        try
        {
            var router = await LabProbe.RunInAsync(lab.RouterNamespace, "cat", "/etc/resolv.conf");
            var lan = await LabProbe.RunInAsync(lab.LanNamespace, "cat", "/etc/resolv.conf");

            Assert.True(router.Succeeded, router.Describe());
            Assert.Equal("nameserver 100.64.250.2\nnameserver 2001:db8:fa::1\n", router.Stdout);
            Assert.Equal(host, lan.Stdout);
            Assert.Equal(host, await ReadHostResolvConfAsync());
            Assert.False(Directory.Exists(Path.Combine("/etc/netns", lab.LanNamespace)));
        }
        finally
        {
            await lab.DisposeAsync();
        }

        Assert.False(Directory.Exists(directory), $"{directory} deleted");
        Assert.Equal(host, await ReadHostResolvConfAsync());
    }

    [NamespaceFact]
    public async Task A_lab_that_fails_to_build_leaves_no_resolv_conf_behind()
    {
        var before = Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns") : [];
        var options = new LabOptions { Responders = false, RouterNameservers = [IPAddress.Parse("100.64.250.1")] };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => LabTopology.CreateAsync(options, new CancellationToken(canceled: true)));
        var stranger = await Assert.ThrowsAsync<ArgumentException>(() => LabTopology.CreateAsync(options with { RouterNameservers = [IPAddress.Parse("192.0.2.1")] }));

        Assert.StartsWith("lab: nameserver 192.0.2.1 is not a lab target", stranger.Message, StringComparison.Ordinal);
        var after = Directory.Exists("/etc/netns") ? Directory.GetDirectories("/etc/netns") : [];
        // A concurrent lab run still alive (its pid file exists) may have written its own meanwhile; a failed run has none.
        Assert.DoesNotContain(after.Except(before), d => !File.Exists(Path.Combine("/run/multiwan-lab", LabRegistry.PrefixOf(Path.GetFileName(d)) + ".pid")));
    }

    private static async Task<string> ReadHostResolvConfAsync() =>
        File.Exists("/etc/resolv.conf") ? await File.ReadAllTextAsync("/etc/resolv.conf") : "";
}
