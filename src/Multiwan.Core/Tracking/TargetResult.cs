namespace Multiwan.Tracking;

/// <summary>One target's probe in a round.</summary>
public readonly record struct TargetResult(string Target, ProbeOutcome Outcome);
