namespace Multiwan.Bench;

/// <summary>What a benchmark prints as JSON: the exact command line, when it ran, the figures and free-form notes.</summary>
internal sealed record BenchReport
{
    public required string Benchmark { get; init; }

    public required string Command { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<BenchFigure> Figures { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
