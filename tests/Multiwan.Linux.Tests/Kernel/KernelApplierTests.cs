using System.Text.Json;
using Multiwan.Lab;

namespace Multiwan.Kernel;

/// <summary>The applier against the real kernel in the lab's router namespace: reconcile, idempotency, failure, ownership.</summary>
public sealed class KernelApplierTests(KernelLab kernel) : IClassFixture<KernelLab>
{
    [NamespaceFact]
    public async Task A_second_apply_of_the_same_plan_changes_no_route_or_rule()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        var plan = await kernel.PlanAsync(config, KernelLab.States());

        var first = await kernel.Applier(config).ApplyAsync(plan, CancellationToken.None);
        var second = await kernel.Applier(config).ApplyAsync(plan, CancellationToken.None);

        Assert.True(first.Succeeded && second.Succeeded, first.Error ?? second.Error);
        Assert.Contains(first.IpChanges, c => c.StartsWith("ip route replace default via 10.1.0.1 dev wan1 table 100", StringComparison.Ordinal));
        Assert.Contains(first.IpChanges, c => c.StartsWith("ip rule add fwmark 0x100/0xff00 table 100 priority 1000", StringComparison.Ordinal));
        Assert.Empty(second.IpChanges);
        Assert.Equal(["nft -f - (" + (plan.NftScript + plan.FirewallScript).Count(c => c == '\n') + " lines)"], second.Changes.Select(c => c.Text));
        Assert.Contains(kernel.Logger.Messages, m => m.StartsWith("[#] ip route replace", StringComparison.Ordinal));
    }

    [NamespaceFact]
    public async Task Routes_wiped_by_a_link_flap_are_reinstalled_and_only_they()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        await kernel.ApplyAsync(config, KernelLab.States());

        await kernel.Lab.Faults.SetCarrierAsync(1, up: false, LabSide.Router);
        await kernel.Lab.Faults.SetCarrierAsync(1, up: true, LabSide.Router);
        var again = await kernel.ApplyAsync(config, KernelLab.States());

        Assert.NotEmpty(again.IpChanges);
        Assert.All(again.IpChanges, c => Assert.Contains("dev wan1", c, StringComparison.Ordinal));
        Assert.Empty((await kernel.ApplyAsync(config, KernelLab.States())).IpChanges);
    }

    [NamespaceFact]
    public async Task A_rejected_nft_script_leaves_the_previous_table_and_routes_and_reports_argv_exit_and_stderr()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        var good = await kernel.PlanAsync(config, KernelLab.States());
        await kernel.Applier(config).ApplyAsync(good, CancellationToken.None);
        var tableBefore = (await kernel.Must("nft", "list", "table", "inet", "multiwan")).Stdout;
        var routesBefore = (await kernel.Must("ip", "route", "show", "table", "all", "proto", "211")).Stdout;

        var bad = (await kernel.PlanAsync(KernelLab.Balanced(3, 1), KernelLab.States())) is var p
            ? p with { NftScript = p.NftScript.TrimEnd().TrimEnd('}') + "\tchain broken {\n\t\tmeta mark set bogus_word\n\t}\n}\n" }
            : null!;
        var result = await kernel.Applier(config).ApplyAsync(bad, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("nft -f -` exit 1", result.Error, StringComparison.Ordinal);
        Assert.Contains("Error", result.Error, StringComparison.Ordinal);
        Assert.Contains("bogus_word", result.Error, StringComparison.Ordinal); // the failing line, as libnftables quotes it
        Assert.Equal(tableBefore, (await kernel.Must("nft", "list", "table", "inet", "multiwan")).Stdout);
        Assert.Equal(routesBefore, (await kernel.Must("ip", "route", "show", "table", "all", "proto", "211")).Stdout);
    }

    [NamespaceFact]
    public async Task Chains_and_sets_the_new_plan_no_longer_has_are_deleted_in_the_same_transaction()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        var plan = await kernel.PlanAsync(config, KernelLab.States());
        var extra = plan with { NftScript = plan.NftScript.TrimEnd().TrimEnd('}') + "\tset extra_set {\n\t\ttype ipv4_addr\n\t}\n\tchain extra_chain {\n\t\tip saddr @extra_set accept\n\t}\n}\n" };
        Assert.True((await kernel.Applier(config).ApplyAsync(extra, CancellationToken.None)).Succeeded);
        Assert.Contains("extra_chain", (await kernel.Must("nft", "list", "table", "inet", "multiwan")).Stdout, StringComparison.Ordinal);

        var result = await kernel.Applier(config).ApplyAsync(plan, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        var table = (await kernel.Must("nft", "list", "table", "inet", "multiwan")).Stdout;
        Assert.DoesNotContain("extra_chain", table, StringComparison.Ordinal);
        Assert.DoesNotContain("extra_set", table, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task A_route_with_an_unknown_gateway_is_skipped_and_its_current_route_kept()
    {
        await kernel.ResetAsync();
        var config = KernelLab.Balanced();
        await kernel.ApplyAsync(config, KernelLab.States());
        var facts = (await InterfaceFacts.ReadAsync(kernel.Io, config, null, CancellationToken.None)).Facts.ToDictionary();
        facts["wan1"] = facts["wan1"] with { Gateway = null };
        var plan = KernelPlanner.Plan(config, KernelLab.States(), facts);
        Assert.Contains("<wan1.gateway>", plan.Placeholders);

        var result = await kernel.Applier(config).ApplyAsync(plan, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.DoesNotContain(result.IpChanges, c => c.Contains("table 100", StringComparison.Ordinal) && c.Contains("default", StringComparison.Ordinal));
        Assert.Contains("default via 10.1.0.1 dev wan1", (await kernel.Must("ip", "route", "show", "table", "100")).Stdout, StringComparison.Ordinal);
    }

    [NamespaceFact]
    public async Task Foreign_nft_table_rule_and_route_are_untouched_by_apply_and_cleanup()
    {
        await kernel.ResetAsync();
        await kernel.Must("nft", "add table inet foreign; add chain inet foreign fwd_filter { type filter hook forward priority 0; }; add rule inet foreign fwd_filter ip saddr 192.168.77.0/24 counter accept");
        await kernel.Must("ip", "rule", "add", "priority", "500", "from", "192.168.77.0/24", "lookup", "77");
        await kernel.Must("ip", "route", "add", "10.77.0.0/24", "via", "10.1.0.1", "table", "77");
        await kernel.Must("ip", "route", "add", "10.78.0.0/24", "via", "10.2.0.1");
        var before = await ForeignAsync();
        try
        {
            var config = KernelLab.Balanced();
            Assert.Null(await CollisionCheck.CheckAsync(kernel.Io, config.Kernel, await kernel.PlanAsync(config, KernelLab.States()), CancellationToken.None));
            await kernel.ApplyAsync(config, KernelLab.States());
            Assert.Equal(before, await ForeignAsync());

            var cleanup = await kernel.Applier(config).CleanupAsync(CancellationToken.None);

            Assert.True(cleanup.Succeeded, cleanup.Error);
            Assert.Contains("nft delete table inet multiwan", cleanup.Changes.Select(c => c.Text));
            Assert.Equal(before, await ForeignAsync());
            Assert.Equal("[]", (await kernel.Must("ip", "-j", "route", "show", "table", "all", "proto", "211")).Stdout.Trim());
            Assert.DoesNotContain(JsonDocument.Parse((await kernel.Must("ip", "-j", "rule", "show")).Stdout).RootElement.EnumerateArray(),
                r => r.TryGetProperty("protocol", out var proto) && proto.GetString() == "211");
            Assert.False((await kernel.Runner.RunAsync(["nft", "list", "table", "inet", "multiwan"], null, CancellationToken.None)).Succeeded);
        }
        finally
        {
            await kernel.Runner.RunAsync(["nft", "delete", "table", "inet", "foreign"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["ip", "rule", "del", "priority", "500"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["ip", "route", "del", "10.78.0.0/24"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["ip", "route", "flush", "table", "77"], null, CancellationToken.None);
        }
    }

    [NamespaceFact]
    public async Task Tables_priorities_and_mark_bits_used_by_others_are_one_clear_error_before_any_change()
    {
        await kernel.ResetAsync();
        await kernel.Must("ip", "route", "add", "10.79.0.0/24", "via", "10.1.0.1", "table", "101");
        await kernel.Must("ip", "rule", "add", "priority", "1100", "from", "192.168.78.0/24", "lookup", "78");
        await kernel.Must("nft", "add table ip other; add chain ip other pre { type filter hook prerouting priority -150; }; add rule ip other pre meta mark set 0x00000300");
        try
        {
            var config = KernelLab.Balanced();
            var error = await CollisionCheck.CheckAsync(kernel.Io, config.Kernel, await kernel.PlanAsync(config, KernelLab.States()), CancellationToken.None);

            Assert.NotNull(error);
            Assert.DoesNotContain('\n', error);
            Assert.Contains("table 101 already holds a route not ours (10.79.0.0/24 dev wan1)", error, StringComparison.Ordinal);
            Assert.Contains("ip rule priority 1100 is already used", error, StringComparison.Ordinal);
            Assert.Contains("nft table ip other chain pre sets mark bits 0x300", error, StringComparison.Ordinal);
            Assert.False((await kernel.Runner.RunAsync(["nft", "list", "table", "inet", "multiwan"], null, CancellationToken.None)).Succeeded);
        }
        finally
        {
            await kernel.Runner.RunAsync(["nft", "delete", "table", "ip", "other"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["ip", "rule", "del", "priority", "1100"], null, CancellationToken.None);
            await kernel.Runner.RunAsync(["ip", "route", "flush", "table", "101"], null, CancellationToken.None);
        }
    }

    private async Task<string> ForeignAsync() => string.Join("\n---\n",
        (await kernel.Must("nft", "list", "table", "inet", "foreign")).Stdout,
        (await kernel.Must("ip", "rule", "show", "priority", "500")).Stdout,
        (await kernel.Must("ip", "route", "show", "table", "77")).Stdout,
        (await kernel.Must("ip", "route", "show", "10.78.0.0/24")).Stdout);
}
