namespace Multiwan.Cli;

/// <summary>The arguments of <c>multiwan probe</c>; <see cref="Family"/> is <c>--family</c> (4 or 6; null: the targets' family).</summary>
internal sealed record ProbeRequest(string Link, string ConfigPath, IReadOnlyList<string> Targets, string? Method, int Count, string? Interval, string? Family = null);
