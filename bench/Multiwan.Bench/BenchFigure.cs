namespace Multiwan.Bench;

/// <summary>One measured figure: its value, unit, and the target when there is one (<see cref="Met"/> null without a target).</summary>
internal sealed record BenchFigure(string Name, double Value, string Unit, string? Target = null, bool? Met = null);
