namespace Multiwan.Lab;

/// <summary>A <see cref="NamespaceFactAttribute"/> with data rows: skipped without root and namespaces, never under CI.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NamespaceTheoryAttribute : TheoryAttribute
{
    public NamespaceTheoryAttribute()
    {
        Skip = new NamespaceFactAttribute().Skip;
    }
}
