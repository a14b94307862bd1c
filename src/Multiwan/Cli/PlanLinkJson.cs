namespace Multiwan.Cli;

/// <summary>One link: its assumed state, kernel resources, and its part of the <c>default</c> policy's new connections.</summary>
internal sealed record PlanLinkJson(string Name, string Device, string State, uint Mark, int Table, bool Carrying, int Weight, double Share);
