using Multiwan.Configuration;
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
            case ControlCommand.SetLink set:
                // Matched as every command matches a link name: exactly, else the one name equal without regard to case.
                if (LinkNameMatch.Find(links.Links.Select(l => l.Name), set.Link, out var unknown) is not { } name || links.Find(name) is not { } link)
                {
                    return (ControlResponse.Fail(unknown), []);
                }

                var events = links.SetOverride(link, set.Override);
                return (ControlResponse.Done($"{link.Name}: {ControlRequestParser.ActionOf(set.Override)} ({EventText.StateName(link.MainTracker.State)})"), events);
            default:
                return (ControlResponse.Fail($"unknown command '{command}'"), []);
        }
    }
}
