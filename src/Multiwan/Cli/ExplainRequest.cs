namespace Multiwan.Cli;

/// <summary>The arguments of <c>multiwan explain</c>: the config and assumptions as for <c>plan</c>, the family and the connection.</summary>
internal sealed record ExplainRequest(string ConfigPath, IReadOnlyList<string> Assume, IReadOnlyList<string> Facts)
{
    /// <summary><c>4</c> or <c>6</c>; null: the family the addresses give, else every family the config decides.</summary>
    public string? Family { get; init; }

    public string? Source { get; init; }

    public string? Destination { get; init; }

    public string? Protocol { get; init; }

    public int? SourcePort { get; init; }

    public int? DestinationPort { get; init; }

    public bool Json { get; init; }

    /// <summary><c>--socket</c>: the daemon whose states and elections to use; null: <c>daemon.socket</c> of the config.</summary>
    public string? Socket { get; init; }
}
