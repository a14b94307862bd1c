namespace Multiwan.Kernel;

/// <summary>Facts per link name, or the one-line error of the command that could not be read.</summary>
public sealed record FactsReadResult(IReadOnlyDictionary<string, LinkFacts> Facts, string? Error);
