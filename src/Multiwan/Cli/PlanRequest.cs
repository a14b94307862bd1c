namespace Multiwan.Cli;

/// <summary>The arguments of <c>multiwan plan</c>.</summary>
/// <param name="StateDirectory">Where <c>identities.json</c> is read (read only); null: the config's <c>daemon.state_directory</c>.</param>
internal sealed record PlanRequest(string ConfigPath, IReadOnlyList<string> Assume, IReadOnlyList<string> Facts, bool Json, string? StateDirectory = null);
