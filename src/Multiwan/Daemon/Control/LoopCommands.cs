using Multiwan.Control;
using Multiwan.Events;

namespace Multiwan.Daemon;

/// <summary>The control commands answered from the loop's state (<c>status</c>, <c>link</c>), on the loop.</summary>
internal static class LoopCommands
{
    /// <returns>The answer, and the events an override caused (for the loop to publish and apply).</returns>
    public static (ControlResponse Response, List<LinkEvent> Events) Answer(ControlCommand command, LinkSet links, Func<LoopState> state)
    {
        switch (command)
        {
            case ControlCommand.Status:
                return (new ControlResponse { Ok = true, Status = StatusProjection.Snapshot(state()) }, []);
            case ControlCommand.SetLink set when links.Find(set.Link) is { } link:
                var events = links.SetOverride(link, set.Override);
                return (ControlResponse.Done($"{link.Name}: {ControlRequestParser.ActionOf(set.Override)} ({EventText.StateName(link.Tracker.State)})"), events);
            case ControlCommand.SetLink set:
                return (ControlResponse.Fail($"no link named '{set.Link}' (links: {string.Join(", ", links.Links.Select(l => l.Name))})"), []);
            default:
                return (ControlResponse.Fail($"unknown command '{command}'"), []);
        }
    }
}
