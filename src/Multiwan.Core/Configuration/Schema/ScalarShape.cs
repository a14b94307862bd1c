namespace Multiwan.Configuration.Schema;

/// <summary>A leaf of the config tree: one YAML scalar parsed into a typed value, or refused with what was expected.</summary>
internal sealed class ScalarShape(string describe, ScalarShape.Parser parse) : Shape
{
    /// <summary>Parses the scalar's text; false when it is not a value of this shape.</summary>
    public delegate bool Parser(string text, out object? value);

    public override string Describe => describe;

    public bool TryParse(string text, out object? value) => parse(text, out value);

    public override bool Equal(object? a, object? b) => Equals(a, b);
}
