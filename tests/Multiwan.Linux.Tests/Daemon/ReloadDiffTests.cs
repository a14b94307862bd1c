using Multiwan.Configuration;
using Multiwan.Identities;
using Multiwan.Kernel;
using Multiwan.Support;

namespace Multiwan.Daemon;

public sealed class ReloadDiffTests
{
    private static MultiwanConfig Load(string yaml)
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("multiwan.yaml");
        File.WriteAllText(path, yaml);
        var loaded = ConfigLoader.Load(path);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        return loaded.Config!;
    }

    private static string Links(params string[] links) => "links:\n" + string.Concat(links.Select(l => $"  - {l}\n"));

    /// <summary>One store across the running and the next config, as the daemon keeps one: a kept link keeps its slot.</summary>
    private readonly IdentityStore _identities = IdentityStore.InMemory();

    private LinkSlots Slots(MultiwanConfig config) => _identities.Assign(config).Slots!;

    private List<(string, string)> Running(MultiwanConfig config)
    {
        var slots = Slots(config);
        return [.. config.Links.Select(l => (l.Name, LinkRuntime.KeyOf(config, slots, l)))];
    }

    [Fact]
    public void Links_whose_probing_is_unchanged_are_kept_and_the_rest_restarted_added_or_removed()
    {
        var running = Load(Links(
            "{name: a, interface: wan-a, weight: 2, targets: [100.64.1.1]}",
            "{name: b, interface: wan-b, targets: [100.64.2.1]}",
            "{name: gone, interface: wan-g, targets: [100.64.9.1]}"));
        var next = Load(Links(
            "{name: a, interface: wan-a, weight: 5, targets: [100.64.1.1]}",
            "{name: b, interface: wan-b, targets: [100.64.2.9]}",
            "{name: new, interface: wan-n, targets: [100.64.3.1]}"));

        var diff = ReloadDiff.Compute(Running(running), next, Slots(next));

        Assert.Equal(["a"], diff.Kept);
        Assert.Equal(["b"], diff.Restarted);
        Assert.Equal(["new"], diff.Added);
        Assert.Equal(["gone"], diff.Removed);
        Assert.Equal("kept a; restarted b; added new; removed gone", diff.Summary);
    }

    [Fact]
    public void The_same_file_keeps_every_link()
    {
        var config = Load(Links("{name: a, interface: wan-a, targets: [100.64.1.1]}", "{name: b, interface: wan-b, targets: [100.64.2.1]}"));

        Assert.Equal("kept a b; restarted none; added none; removed none", ReloadDiff.Compute(Running(config), config, Slots(config)).Summary);
    }
}
