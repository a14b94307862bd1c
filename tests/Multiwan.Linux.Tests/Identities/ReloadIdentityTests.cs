using Multiwan.Control;
using Multiwan.Daemon;

namespace Multiwan.Identities;

/// <summary>The engine keeps each link's slot across a reload that inserts a link first: same marks, probes kept.</summary>
public sealed class ReloadIdentityTests
{
    [Fact]
    public async Task A_link_inserted_before_the_others_keeps_their_marks_tables_and_probes()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        var before = h.Kernel.Plans[^1].Links.ToDictionary(l => l.Name, l => (l.Mark, l.Table));
        var yaml = h.Render(EngineHarness.Yaml).Replace(
            "links:\n", "links:\n  - name: c\n    interface: wan-c\n    targets: [100.64.3.1, 100.64.3.3]\n", StringComparison.Ordinal);
        File.WriteAllText(h.ConfigPath, yaml);

        var response = await h.RequestAsync(new ControlRequest { Command = "reload" });

        Assert.True(response.Ok, response.Error + string.Join("\n", response.Errors ?? []));
        Assert.EndsWith("kept a b; restarted none; added c; removed none", response.Message, StringComparison.Ordinal);
        Assert.Equal(((uint)0x100, 100), before["a"]);
        Assert.Equal(((uint)0x200, 101), before["b"]);
        var after = h.Kernel.Plans[^1].Links.ToDictionary(l => l.Name, l => (l.Mark, l.Table));
        Assert.Equal(["c", "a", "b"], after.Keys);
        Assert.Equal((before["a"], before["b"], ((uint)0x300, 102)), (after["a"], after["b"], after["c"]));
        Assert.Equal((1, 1), (h.Probes.Starts["a"], h.Probes.Starts["b"]));
        Assert.Equal((0x100u, 0x200u, 0x300u), (h.Probes.Marks["a"], h.Probes.Marks["b"], h.Probes.Marks["c"]));
    }
}
