using System.Text.Json.Serialization;
using Multiwan.Events;

namespace Multiwan.Control;

/// <summary>One response line: <c>ok</c>, and either <c>error</c>/<c>errors</c> or the command's payload.</summary>
public sealed record ControlResponse
{
    public bool Ok { get; init; }

    /// <summary>One line saying what went wrong (printed as <c>multiwan: ERROR</c>).</summary>
    public string? Error { get; init; }

    /// <summary>Every config error when a reload is refused.</summary>
    public IReadOnlyList<string>? Errors { get; init; }

    public string? Message { get; init; }

    public StatusSnapshot? Status { get; init; }

    public IReadOnlyList<LinkEvent>? Events { get; init; }

    public AvailabilityReport? Report { get; init; }

    /// <summary>One event of a <c>monitor</c> stream.</summary>
    public LinkEvent? Event { get; init; }

    /// <summary>Client side only: the daemon could not be reached at all.</summary>
    [JsonIgnore]
    public bool Unreachable { get; init; }

    public static ControlResponse Fail(string error) => new() { Ok = false, Error = error };

    public static ControlResponse Done(string message) => new() { Ok = true, Message = message };
}
