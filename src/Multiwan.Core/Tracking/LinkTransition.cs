namespace Multiwan.Tracking;

/// <summary>
/// A change of a link's state, with the figures behind it. The engine turns it into an event; <see cref="Cause"/>
/// (not the reason text) decides what kind of event.
/// </summary>
public sealed record LinkTransition(
    string Link,
    LinkState From,
    LinkState To,
    DateTimeOffset At,
    string Reason,
    LinkStats Figures)
{
    public TransitionCause Cause { get; init; }
}
