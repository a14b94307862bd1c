namespace Multiwan.Configuration.Schema;

/// <summary>
/// What one config value is in YAML: a <see cref="ScalarShape"/>, a <see cref="ListShape"/> or a
/// <see cref="RecordShape"/> of keys. The binder, the writer and deep equality walk these tables instead of
/// reflecting over the records, so the config code is trim- and AOT-clean.
/// </summary>
internal abstract class Shape
{
    /// <summary>What a value of this shape looks like, for "expected ..." messages.</summary>
    public abstract string Describe { get; }

    /// <summary>Structural equality (records hold lists, whose own Equals compares references).</summary>
    public abstract bool Equal(object? a, object? b);
}
