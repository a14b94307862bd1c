namespace Multiwan.Control;

/// <summary>One request line on the control socket, e.g. <c>{"command":"link","link":"fiber","action":"down"}</c>.</summary>
public sealed record ControlRequest
{
    /// <summary><c>status</c>, <c>link</c>, <c>reload</c>, <c>stop</c>, <c>events</c>, <c>report</c>, <c>monitor</c>.</summary>
    public required string Command { get; init; }

    /// <summary>For <c>link</c> (the link to act on) and <c>events</c> (only this link's events).</summary>
    public string? Link { get; init; }

    /// <summary>For <c>link</c>: <c>up</c>, <c>down</c> or <c>auto</c>.</summary>
    public string? Action { get; init; }

    /// <summary>For <c>stop</c>: remove every kernel object the daemon owns.</summary>
    public bool Cleanup { get; init; }

    /// <summary>For <c>events</c> and <c>report</c>: the start of the window.</summary>
    public DateTimeOffset? Since { get; init; }
}
