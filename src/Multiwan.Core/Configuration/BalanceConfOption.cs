namespace Multiwan.Configuration;

/// <summary>One <c>name=value</c> line of a balance.conf (name lower-cased).</summary>
internal sealed record BalanceConfOption(int Line, string Name, string Value);
