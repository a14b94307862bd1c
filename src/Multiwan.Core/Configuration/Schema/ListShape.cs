namespace Multiwan.Configuration.Schema;

/// <summary>A YAML list (or a single value standing for a list of one) of values of one shape.</summary>
internal abstract class ListShape(Shape element) : Shape
{
    public Shape Element => element;

    public override string Describe => "a list";

    /// <summary>The record's list type (<c>IReadOnlyList&lt;T&gt;</c>) holding these bound items.</summary>
    public abstract object Make(IReadOnlyList<object?> items);

    public abstract IReadOnlyList<object?> Items(object list);

    public override bool Equal(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        var left = Items(a);
        var right = Items(b);
        return left.Count == right.Count && left.Zip(right).All(pair => element.Equal(pair.First, pair.Second));
    }
}

/// <summary>A list whose items are <typeparamref name="T"/>.</summary>
internal sealed class ListShape<T>(Shape element) : ListShape(element)
{
    public override object Make(IReadOnlyList<object?> items) => items.Select(item => (T)item!).ToList();

    public override IReadOnlyList<object?> Items(object list) => ((IEnumerable<T>)list).Select(item => (object?)item).ToList();
}
