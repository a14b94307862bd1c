using System.Collections;

namespace Multiwan.Configuration;

/// <summary>Structural equality over config values (records hold lists, whose own Equals compares references).</summary>
internal static class ConfigValues
{
    public static bool DeepEquals(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        if (a.GetType() != b.GetType() && !(a is IEnumerable && b is IEnumerable))
        {
            return false;
        }

        if (a is string || ScalarConverter.Handles(a.GetType()))
        {
            return a.Equals(b);
        }

        if (a is IEnumerable left && b is IEnumerable right)
        {
            var l = left.Cast<object?>().ToList();
            var r = right.Cast<object?>().ToList();
            return l.Count == r.Count && l.Zip(r).All(pair => DeepEquals(pair.First, pair.Second));
        }

        return YamlBinder.Properties(a.GetType()).Values.All(p => DeepEquals(p.GetValue(a), p.GetValue(b)));
    }
}
