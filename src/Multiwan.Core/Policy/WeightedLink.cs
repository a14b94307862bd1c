namespace Multiwan.Policy;

/// <summary>A link a policy sends new connections to, with its effective (relative) weight.</summary>
public readonly record struct WeightedLink(string Name, int Weight);
