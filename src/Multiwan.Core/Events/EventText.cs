using System.Globalization;
using Multiwan.Text;
using Multiwan.Tracking;

namespace Multiwan.Events;

/// <summary>One event as one line of text, for mails, <c>multiwan events</c> and <c>monitor</c> (pure).</summary>
public static class EventText
{
    public static string StateName(LinkState? state) => state?.ToString().ToLowerInvariant() ?? "unknown";

    public static string KindName(EventKind kind) => kind switch
    {
        EventKind.StateChange => "state",
        EventKind.Override => "override",
        EventKind.LongDown => "long_down",
        EventKind.Reload => "reload",
        EventKind.ReloadRefused => "reload_refused",
        EventKind.DaemonStart => "start",
        _ => "stop",
    };

    /// <summary><c>2026-01-02 03:04:05Z fiber (eth0): state online -> offline: 3 rounds failed [rtt 12 ms, loss 100 %]</c>.</summary>
    public static string Line(LinkEvent e, bool utc = true)
    {
        var time = utc ? e.Timestamp.ToUniversalTime() : e.Timestamp.ToLocalTime();
        var when = time.ToString(utc ? "yyyy-MM-dd HH:mm:ss'Z'" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        // Names and reasons may come from a foreign journal line: shown escaped, so one event stays one line.
        var link = SafeText.Escape(e.Link);
        var who = link.Length == 0 ? "daemon" : string.IsNullOrEmpty(e.Device) ? link : $"{link} ({SafeText.Escape(e.Device)})";
        var change = e.NewState is { } now ? $" {StateName(e.OldState)} -> {StateName(now)}" : "";
        var reason = string.IsNullOrEmpty(e.Reason) ? "" : $": {SafeText.Escape(e.Reason)}";
        return $"{when} {who}: {KindName(e.Kind)}{change}{reason}{Figures(e)}";
    }

    public static string Figures(LinkEvent e)
    {
        var figures = new List<string>();
        if (e.RttMs is { } rtt)
        {
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"rtt {rtt:0.#} ms"));
        }

        if (e.JitterMs is { } jitter)
        {
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"jitter {jitter:0.#} ms"));
        }

        if (e.LossPercent is { } loss)
        {
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"loss {loss:0.#} %"));
        }

        return figures.Count > 0 ? $" [{string.Join(", ", figures)}]" : "";
    }

    /// <summary><c>45s</c>, <c>12m 03s</c>, <c>3h 12m</c>, <c>2d 4h</c>.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds}s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m {span.Seconds:00}s"
            : span.TotalHours < 24 ? $"{(int)span.TotalHours}h {span.Minutes:00}m"
            : $"{(int)span.TotalDays}d {span.Hours}h";
    }
}
