namespace Multiwan.Tracking;

/// <summary>
/// One target's probe in a round. A <paramref name="Secondary"/> target (ARP to the next hop) is reported and kept
/// in statistics but never makes a round succeed or fail: the modem often answers while the ISP behind it is dead.
/// </summary>
public readonly record struct TargetResult(string Target, ProbeOutcome Outcome, bool Secondary = false);
