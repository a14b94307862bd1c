using Multiwan.Kernel.Nft;
using Multiwan.Lab;

namespace Multiwan.Kernel;

/// <summary>libnftables through the kernel I/O seam, in the lab router: dry-run changes nothing, JSON listing, errors with their line.</summary>
public sealed class NftLibraryTests(KernelLab kernel) : IClassFixture<KernelLab>
{
    private const string Script = "add table inet mwtest\ntable inet mwtest {\n\tset s {\n\t\ttype ipv4_addr\n\t}\n\tchain c {\n\t\tip saddr @s accept\n\t}\n}\n";

    [NamespaceFact]
    public async Task A_check_accepts_a_good_script_and_changes_nothing()
    {
        await kernel.ResetAsync();
        var check = await kernel.Io.NftAsync(Script, NftMode.Check, CancellationToken.None);

        Assert.True(check.Succeeded, check.ErrorText);
        Assert.False((await kernel.Runner.RunAsync(["nft", "list", "table", "inet", "mwtest"], null, CancellationToken.None)).Succeeded);
    }

    [NamespaceFact]
    public async Task A_listing_in_json_names_the_declared_chains_and_sets()
    {
        await kernel.ResetAsync();
        try
        {
            Assert.True((await kernel.Io.NftAsync(Script, NftMode.Apply, CancellationToken.None)).Succeeded);
            var list = await kernel.Io.NftAsync("list table inet mwtest", NftMode.Json, CancellationToken.None);

            Assert.True(list.Succeeded, list.ErrorText);
            Assert.Equal([new NftObject(NftObjectKind.Set, "s"), new NftObject(NftObjectKind.Chain, "c")], NftStaleObjects.Listed(list.Output).OrderByDescending(o => o.Kind));
        }
        finally
        {
            await kernel.Io.NftAsync("delete table inet mwtest", NftMode.Apply, CancellationToken.None);
        }
    }

    [NamespaceFact]
    public async Task A_rejected_script_reports_the_library_message_with_the_failing_line_and_changes_nothing()
    {
        await kernel.ResetAsync();
        var bad = Script.Replace("ip saddr @s accept", "ip saddr @s bogus_verdict", StringComparison.Ordinal);
        var result = await kernel.Io.NftAsync(bad, NftMode.Apply, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.StartsWith("`nft -f -` exit 1: line 7:", result.Describe("nft -f -"), StringComparison.Ordinal);
        Assert.EndsWith("ip saddr @s bogus_verdict", result.Describe("nft -f -"), StringComparison.Ordinal);
        Assert.False((await kernel.Runner.RunAsync(["nft", "list", "table", "inet", "mwtest"], null, CancellationToken.None)).Succeeded);
    }
}
