using System.Globalization;
using System.Text;
using Multiwan.Control;
using Multiwan.Tracking;

namespace Multiwan.Daemon;

/// <summary>The daemon's state in the Prometheus text format (version 0.0.4), rendered from a status snapshot (pure).</summary>
internal static class MetricsText
{
    public static string Render(StatusSnapshot status, IReadOnlyDictionary<string, int> transitions, int applies, int applyFailures)
    {
        var text = new StringBuilder();
        // A dual-stack link's IPv6 side is the same series with family="ipv6"; an IPv4-only link's series are as they always were.
        // An IPv6-only link (ipv4: false) has only its family="ipv6" series.
        var six = status.Links.Where(l => l.Ipv6 is not null).Select(l => (Labels: $"{Link(l)},family=\"ipv6\"", Status: l.Ipv6!)).ToList();
        var four = status.Links.Where(l => l.Ipv4 != false).ToList();
        Family(text, "multiwan_link_state", "gauge", "1 for the link's current state", four.SelectMany(l =>
            Enum.GetValues<LinkState>().Select(s => ($"link=\"{Escape(l.Name)}\",state=\"{s.ToString().ToLowerInvariant()}\"", l.State == s ? 1.0 : 0.0)))
            .Concat(six.SelectMany(x => Enum.GetValues<LinkState>().Select(s => ($"{x.Labels},state=\"{s.ToString().ToLowerInvariant()}\"", x.Status.State == s ? 1.0 : 0.0)))));
        Family(text, "multiwan_link_carrying", "gauge", "1 when the link takes new connections", four.Select(l => (Link(l), l.Carrying ? 1.0 : 0.0))
            .Concat(six.Select(x => (x.Labels, x.Status.Carrying ? 1.0 : 0.0))));
        Family(text, "multiwan_link_share_ratio", "gauge", "share of new connections in the default policy (0-1)", four.Select(l => (Link(l), l.SharePercent / 100))
            .Concat(six.Select(x => (x.Labels, x.Status.SharePercent / 100))));
        Family(text, "multiwan_link_rtt_seconds", "gauge", "mean round-trip time over the window", four.Where(l => l.RttMs is not null).Select(l => (Link(l), l.RttMs!.Value / 1000))
            .Concat(six.Where(x => x.Status.RttMs is not null).Select(x => (x.Labels, x.Status.RttMs!.Value / 1000))));
        Family(text, "multiwan_link_jitter_seconds", "gauge", "jitter over the window", four.Where(l => l.JitterMs is not null).Select(l => (Link(l), l.JitterMs!.Value / 1000)));
        Family(text, "multiwan_link_loss_ratio", "gauge", "loss over the window (0-1)", four.Where(l => l.LossPercent is not null).Select(l => (Link(l), l.LossPercent!.Value / 100))
            .Concat(six.Where(x => x.Status.LossPercent is not null).Select(x => (x.Labels, x.Status.LossPercent!.Value / 100))));
        Family(text, "multiwan_link_transitions_total", "counter", "state changes since the daemon started", four.Select(l => (Link(l), (double)transitions.GetValueOrDefault(l.Name))));
        var targets = status.Links.SelectMany(l => l.Targets.Select(t => (Labels: $"link=\"{Escape(l.Name)}\",target=\"{Escape(t.Target)}\"", Target: t))).ToList();
        Family(text, "multiwan_target_up", "gauge", "1 when the target's last probe answered", targets.Select(t => (t.Labels, t.Target.Up ? 1.0 : 0.0)));
        Family(text, "multiwan_target_rtt_seconds", "gauge", "the target's mean round-trip time", targets.Where(t => t.Target.RttMs is not null).Select(t => (t.Labels, t.Target.RttMs!.Value / 1000)));
        Family(text, "multiwan_target_loss_ratio", "gauge", "the target's loss over the window (0-1)", targets.Where(t => t.Target.LossPercent is not null).Select(t => (t.Labels, t.Target.LossPercent!.Value / 100)));
        Family(text, "multiwan_kernel_applies_total", "counter", "kernel applies attempted", [("", applies)]);
        Family(text, "multiwan_kernel_apply_failures_total", "counter", "kernel applies that failed", [("", applyFailures)]);
        Family(text, "multiwan_last_resort_active", "gauge", "1 while some policy uses its last resort", [("", status.LastResortActive ? 1 : 0)]);
        return text.ToString();
    }

    private static string Link(LinkStatus l) => $"link=\"{Escape(l.Name)}\"";

    private static void Family(StringBuilder text, string name, string type, string help, IEnumerable<(string Labels, double Value)> samples)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        foreach (var (labels, value) in samples)
        {
            var set = labels.Length > 0 ? $"{{{labels}}}" : "";
            text.Append(CultureInfo.InvariantCulture, $"{name}{set} {value.ToString("R", CultureInfo.InvariantCulture)}\n");
        }
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
