using System.Text.Json;
using Multiwan.Tracking;

namespace Multiwan.Events;

public sealed class LinkEventJsonTests
{
    [Fact]
    public void Journal_line_uses_snake_case_and_round_trips()
    {
        var e = new LinkEvent
        {
            Timestamp = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            Kind = EventKind.StateChange,
            Link = "fiber",
            Device = "eth0",
            OldState = LinkState.Online,
            NewState = LinkState.Offline,
            Reason = "3 rounds failed",
            RttMs = 12.5,
            LossPercent = 100,
        };

        var json = JsonSerializer.Serialize(e, EventJsonContext.Default.LinkEvent);

        Assert.Equal(
            """{"timestamp":"2026-01-02T03:04:05+00:00","kind":"state_change","link":"fiber","device":"eth0","old_state":"online","new_state":"offline","reason":"3 rounds failed","rtt_ms":12.5,"loss_percent":100}""",
            json);
        Assert.Equal(e, JsonSerializer.Deserialize(json, EventJsonContext.Default.LinkEvent));
    }
}
