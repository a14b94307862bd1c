using System.Net;
using Multiwan.Control;

namespace Multiwan.Daemon;

public sealed class MetricsTests
{
    [Fact]
    public async Task Prometheus_text_is_served_on_loopback_from_the_engine()
    {
        await using var h = new EngineHarness();
        await h.BringUpAsync();
        h.Round("b", false);
        await h.SettleAsync();
        Assert.Equal(Tracking.LinkState.Offline, h.Kernel.LastApply["b"]);
        await using var server = new MetricsServer(new IPEndPoint(IPAddress.Loopback, 0), h.Engine.MetricsAsync, h.Logger, TimeProvider.System);
        server.Start();
        using var http = new HttpClient();

        var text = await http.GetStringAsync($"http://127.0.0.1:{server.Endpoint.Port}/metrics");
        var missing = await http.GetAsync($"http://127.0.0.1:{server.Endpoint.Port}/");

        var lines = text.Split('\n');
        Assert.Contains("multiwan_link_state{link=\"a\",state=\"online\"} 1", lines);
        Assert.Contains("multiwan_link_state{link=\"b\",state=\"offline\"} 1", lines);
        Assert.Contains("multiwan_link_state{link=\"b\",state=\"online\"} 0", lines);
        Assert.Contains("multiwan_link_carrying{link=\"a\"} 1", lines);
        Assert.Contains("multiwan_link_share_ratio{link=\"a\"} 1", lines);
        Assert.Contains("multiwan_link_transitions_total{link=\"b\"} 2", lines);
        Assert.Contains("multiwan_target_up{link=\"b\",target=\"100.64.2.1\"} 0", lines);
        Assert.Contains("# TYPE multiwan_kernel_applies_total counter", lines);
        Assert.Contains("multiwan_kernel_apply_failures_total 0", lines);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_line_feed_as_the_text_format_requires()
    {
        var link = new LinkStatus
        {
            Name = "a\\b\"c",
            Device = "wan-a",
            State = Tracking.LinkState.Online,
            Since = DateTimeOffset.UnixEpoch,
            Carrying = true,
            Targets = [new TargetStatus { Target = "host\nname", Method = "dns", Up = true }],
        };
        var status = new StatusSnapshot
        {
            Pid = 1,
            Started = DateTimeOffset.UnixEpoch,
            ConfigPath = "/etc/multiwan/multiwan.yaml",
            ConfigLoaded = DateTimeOffset.UnixEpoch,
            Mode = "balance",
            Links = [link],
            Policies = [],
        };

        var lines = MetricsText.Render(status, new Dictionary<string, int>(), 0, 0).Split('\n');

        Assert.Contains("multiwan_link_carrying{link=\"a\\\\b\\\"c\"} 1", lines);
        Assert.Contains("multiwan_target_up{link=\"a\\\\b\\\"c\",target=\"host\\nname\"} 1", lines);
    }
}
