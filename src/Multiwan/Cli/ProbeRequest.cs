namespace Multiwan.Cli;

/// <summary>The arguments of <c>multiwan probe</c>.</summary>
internal sealed record ProbeRequest(string Link, string ConfigPath, IReadOnlyList<string> Targets, string? Method, int Count, string? Interval);
