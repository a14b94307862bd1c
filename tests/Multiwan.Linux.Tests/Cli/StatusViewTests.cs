using System.Text.Json;
using Multiwan.Control;

namespace Multiwan.Cli;

public sealed class StatusViewTests
{
    [Fact]
    public void Fits_80_columns_and_shows_state_share_targets_override_last_event_and_policies()
    {
        var text = StatusView.Render(StatusFixture.Snapshot(), StatusFixture.Now, colour: false);
        var lines = text.Split('\n');

        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.Equal("multiwan: balanced, 1/2 links carrying, up 2d 2h, pid 4242", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("fiber-primary   enp3s0f1.10     online        3h 12m   carrying 67%", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("dsl             ppp0            disabled      5m 00s   not carrying", StringComparison.Ordinal));
        Assert.Contains("  override: forced down (undo with: multiwan link auto dsl)", lines);
        Assert.Contains(lines, l => l.StartsWith("  + 100.64.99.1", StringComparison.Ordinal) && l.Contains("rtt 11.9ms", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  - 100.64.99.2", StringComparison.Ordinal) && l.EndsWith("loss 100.0%", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  last: 3h 12m ago, connecting -> online: 5 rounds", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("voip         failover  none (last resort)", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_contract_has_the_documented_keys()
    {
        var json = JsonSerializer.Serialize(StatusFixture.Snapshot(), ControlCli.Json.StatusSnapshot);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal(["pid", "started", "config_path", "config_loaded", "mode", "last_resort_active", "links", "policies"], root.EnumerateObject().Select(p => p.Name));
        var link = root.GetProperty("links")[0];
        Assert.Equal(
            ["name", "device", "state", "since", "carrying", "share_percent", "weight", "tier", "address", "gateway", "rtt_ms", "jitter_ms", "loss_percent", "targets", "last_event"],
            link.EnumerateObject().Select(p => p.Name));
        Assert.Equal("online", link.GetProperty("state").GetString());
        Assert.Equal(["target", "method", "up", "rtt_ms", "jitter_ms", "loss_percent"], link.GetProperty("targets")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("state_change", link.GetProperty("last_event").GetProperty("kind").GetString());
        Assert.Equal("down", root.GetProperty("links")[1].GetProperty("override").GetString());
        Assert.Equal(["name", "mode", "links", "active", "last_resort"], root.GetProperty("policies")[0].EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A_policys_ipv6_side_is_a_line_under_it_and_a_key_of_its_own()
    {
        var snapshot = StatusFixture.Snapshot();
        snapshot = snapshot with
        {
            Policies = [snapshot.Policies[0] with { Ipv6 = new Ipv6PolicyStatus { Active = ["dsl"] } }, snapshot.Policies[1] with { Ipv6 = new Ipv6PolicyStatus { Active = [], LastResort = true } }],
        };

        var text = StatusView.Render(snapshot, StatusFixture.Now, colour: false);
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(snapshot, ControlCli.Json.StatusSnapshot));

        Assert.EndsWith(
            "policy       mode      carrying\ndefault      balanced  fiber-primary\n  ipv6                 dsl\nvoip         failover  none (last resort)\n  ipv6                 none (last resort)\n",
            text,
            StringComparison.Ordinal);
        var policy = doc.RootElement.GetProperty("policies")[0];
        Assert.Equal(["name", "mode", "links", "active", "last_resort", "ipv6"], policy.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["active", "last_resort"], policy.GetProperty("ipv6").EnumerateObject().Select(p => p.Name));
        Assert.Equal(("dsl", false), (policy.GetProperty("ipv6").GetProperty("active")[0].GetString(), policy.GetProperty("ipv6").GetProperty("last_resort").GetBoolean()));
    }

    [Fact]
    public void Policies_of_a_router_whose_every_link_is_ipv6_only_are_its_ipv6_outcomes()
    {
        var snapshot = StatusFixture.Snapshot();
        snapshot = snapshot with { Policies = [.. snapshot.Policies.Select(p => p with { Ipv4 = false })] };

        var text = StatusView.Render(snapshot, StatusFixture.Now, colour: false);
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(snapshot, ControlCli.Json.StatusSnapshot));

        Assert.EndsWith("policy       mode      carrying (ipv6: every link is IPv6 only)\ndefault      balanced  fiber-primary\nvoip         failover  none (last resort)\n", text, StringComparison.Ordinal);
        Assert.False(doc.RootElement.GetProperty("policies")[0].GetProperty("ipv4").GetBoolean());
    }

    [Fact]
    public void An_ipv6_only_link_says_so_in_text_and_json_and_has_no_separate_ipv6_line()
    {
        var snapshot = StatusFixture.Snapshot();
        var dsl = snapshot.Links[1] with
        {
            Ipv4 = false,
            Override = null,
            Ipv6 = new Ipv6LinkStatus { State = Tracking.LinkState.Disabled, Since = snapshot.Links[1].Since },
        };
        snapshot = snapshot with { Links = [snapshot.Links[0], dsl] };

        var lines = StatusView.Render(snapshot, StatusFixture.Now, colour: false).Split('\n');
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(snapshot, ControlCli.Json.StatusSnapshot));

        Assert.Contains("  ipv4: not used (IPv6-only link); the lines above are its IPv6 side", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("  ipv6: ", StringComparison.Ordinal));
        Assert.False(doc.RootElement.GetProperty("links")[1].GetProperty("ipv4").GetBoolean());
        Assert.False(doc.RootElement.GetProperty("links")[0].TryGetProperty("ipv4", out _));
    }
}
