namespace Multiwan.Cli;

/// <summary>
/// The <c>multiwan explain --json</c> document: a public contract (docs/PLAN.md), keys in snake_case. <c>states</c> is
/// <c>daemon</c> (the running daemon's on <c>socket</c>, pid <c>daemon_pid</c>) or <c>config</c> (assumed; no daemon answered there).
/// </summary>
internal sealed record ExplainJson(string Config, string States, string Socket, int? DaemonPid, ExplainConnectionJson Connection, IReadOnlyList<ExplainFamilyJson> Families);
