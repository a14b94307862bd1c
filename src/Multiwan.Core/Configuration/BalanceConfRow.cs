namespace Multiwan.Configuration;

/// <summary>One <c>service device role [ping-ip] [weight] [gateway]</c> line of a balance.conf.</summary>
internal sealed record BalanceConfRow(int Line, string[] Fields);
