using System.Globalization;
using System.Text;
using Multiwan.Events;
using Multiwan.Hooks;

namespace Multiwan.Notifications;

/// <summary>Subject and body of a notification mail (pure). The subject names the link(s) and their new state.</summary>
public static class MailText
{
    /// <summary>Events worth a mail: a link going up, down, degraded or staying down, overrides, refused reloads.</summary>
    public static bool IsMailWorthy(LinkEvent e) => e.Kind switch
    {
        EventKind.LongDown or EventKind.Override or EventKind.ReloadRefused => true,
        EventKind.StateChange => HookArguments.EventName(e) is "up" or "down" or "degraded",
        _ => false,
    };

    public static string Subject(IReadOnlyList<LinkEvent> events, string host)
    {
        var parts = events.Select(Short).Distinct().ToList();
        var shown = string.Join(", ", parts.Take(3));
        var more = parts.Count > 3 ? $" (+{parts.Count - 3} more)" : "";
        return $"multiwan on {host}: {shown}{more}";
    }

    public static string Body(IReadOnlyList<LinkEvent> events, string host)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"multiwan on {host} reports {events.Count} event(s):\n\n");
        foreach (var e in events)
        {
            text.Append(EventText.Line(e)).Append('\n');
        }

        text.Append("\nSee 'multiwan status' and 'multiwan events' on the router.\n");
        return text.ToString();
    }

    private static string Short(LinkEvent e) => e.Kind switch
    {
        EventKind.LongDown => $"{e.Link} long down",
        EventKind.ReloadRefused => "reload refused",
        _ when e.NewState is { } state => $"{e.Link} {EventText.StateName(state)}",
        _ => $"{e.Link} {e.Kind}".Trim(),
    };
}
