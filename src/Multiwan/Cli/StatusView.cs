using System.Globalization;
using System.Text;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>Renders <see cref="StatusSnapshot"/> as text that fits an 80-column terminal (pure; colour optional).</summary>
internal static class StatusView
{
    public static string Render(StatusSnapshot s, DateTimeOffset now, bool colour)
    {
        var text = new StringBuilder();
        var up = s.Links.Count(l => l.Carrying);
        text.Append(CultureInfo.InvariantCulture, $"multiwan: {s.Mode}, {up}/{s.Links.Count} links carrying, up {EventText.Span(now - s.Started)}, pid {s.Pid}\n");
        text.Append(CultureInfo.InvariantCulture, $"config {Fit(s.ConfigPath, 50)}, loaded {EventText.Span(now - s.ConfigLoaded)} ago\n");
        if (s.Starting == true)
        {
            text.Append("starting: waiting for every link's first verdict; the kernel is left as found\n");
        }

        if (s.LastResortActive)
        {
            text.Append("warning: every link of a policy is down; its last resort is in effect\n");
        }

        if (s.ApplyError is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"warning: last kernel apply failed: {Fit(s.ApplyError, 48)}\n");
        }

        foreach (var link in s.Links)
        {
            text.Append('\n');
            Link(text, link, now, colour);
        }

        if (s.Policies.Count > 0)
        {
            // Every link IPv6 only: the rows are the IPv6 outcomes. Else an "ipv6" line under each policy that has an IPv6 side.
            text.Append(s.Policies.All(p => p.Ipv4 == false) ? "\npolicy       mode      carrying (ipv6: every link is IPv6 only)\n" : "\npolicy       mode      carrying\n");
            foreach (var p in s.Policies)
            {
                text.Append(CultureInfo.InvariantCulture, $"{Fit(p.Name, 12),-12} {p.Mode,-9} {Carrying(p.Active, p.LastResort)}\n");
                if (p.Ipv6 is { } six)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{"  ipv6",-22} {Carrying(six.Active, six.LastResort)}\n");
                }
            }
        }

        return text.ToString();
    }

    private static void Link(StringBuilder text, LinkStatus l, DateTimeOffset now, bool colour)
    {
        var state = EventText.StateName(l.State);
        var painted = colour ? $"\u001b[{Colour(l.State)}m{state,-13}\u001b[0m" : $"{state,-13}";
        var traffic = l.Carrying ? string.Create(CultureInfo.InvariantCulture, $"carrying {l.SharePercent:0}%") : "not carrying";
        text.Append(CultureInfo.InvariantCulture, $"{Fit(l.Name, 15),-15} {Fit(l.Device, 15),-15} {painted} {EventText.Span(now - l.Since),-8} {traffic}\n");
        if (l.Override is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  override: forced {l.Override} (undo with: multiwan link auto {Fit(l.Name, 15)})\n");
        }

        var figures = Figures(l.RttMs, l.JitterMs, l.LossPercent);
        var address = l.Address is null ? "" : $"src {l.Address}" + (l.Gateway is null ? "" : $" via {l.Gateway}");
        if (address.Length > 0 || figures.Length > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {Fit(address, 40),-40} {figures}\n");
        }

        foreach (var t in l.Targets)
        {
            var mark = t.Up ? "+" : "-";
            text.Append(CultureInfo.InvariantCulture, $"  {mark} {Fit(t.Target, 30),-30} {t.Method,-5} {Figures(t.RttMs, t.JitterMs, t.LossPercent)}\n");
        }

        if (l.LastEvent is { } e)
        {
            var change = e.NewState is { } n ? $"{EventText.StateName(e.OldState)} -> {EventText.StateName(n)}" : EventText.KindName(e.Kind);
            var reason = e.Reason.Length > 0 ? ": " + e.Reason : "";
            text.Append(CultureInfo.InvariantCulture, $"  last: {EventText.Span(now - e.Timestamp)} ago, {Fit(change + reason, 60)}\n");
        }

        if (l.Ipv4 == false)
        {
            text.Append("  ipv4: not used (IPv6-only link); the lines above are its IPv6 side\n");
        }
        else if (l.Ipv6 is { } v6)
        {
            // A dual-stack link: its IPv6 health, apart from the IPv4 line above.
            var state6 = EventText.StateName(v6.State);
            var painted6 = colour ? $"\u001b[{Colour(v6.State)}m{state6,-13}\u001b[0m" : $"{state6,-13}";
            var traffic6 = v6.Carrying ? string.Create(CultureInfo.InvariantCulture, $"carrying {v6.SharePercent:0}%") : "not carrying";
            var source6 = v6.Address is null ? "" : $" src {Fit(v6.Address, 39)}" + (v6.Gateway is null ? "" : $" via {Fit(v6.Gateway, 39)}");
            text.Append(CultureInfo.InvariantCulture, $"  ipv6: {painted6} {EventText.Span(now - v6.Since),-8} {traffic6}{source6}\n");
        }
    }

    private static string Carrying(IReadOnlyList<string> active, bool lastResort) =>
        Fit((active.Count > 0 ? string.Join(" ", active) : "none") + (lastResort ? " (last resort)" : ""), 56);

    private static string Figures(double? rtt, double? jitter, double? loss)
    {
        string F(double? v, string unit) => v is { } x ? string.Create(CultureInfo.InvariantCulture, $"{x:0.0}{unit}") : "-";
        return $"rtt {F(rtt, "ms"),-8} jit {F(jitter, "ms"),-7} loss {F(loss, "%")}";
    }

    /// <summary>Escaped (a name or an error from the daemon never moves the cursor), then cut to <paramref name="width"/>.</summary>
    private static string Fit(string text, int width)
    {
        text = Multiwan.Text.SafeText.Escape(text);
        return text.Length <= width ? text : text[..(width - 1)] + "~";
    }

    private static string Colour(LinkState state) => state switch
    {
        LinkState.Online => "32",
        LinkState.Degraded or LinkState.Connecting or LinkState.Disconnecting => "33",
        LinkState.Disabled => "35",
        _ => "31",
    };
}
