using System.Globalization;

namespace Multiwan.Configuration;

/// <summary>Turns one YAML scalar into a value of a config property's type, or says what was expected.</summary>
internal static class ScalarConverter
{
    /// <summary>True for the types this converter handles (the leaves of the config tree).</summary>
    public static bool Handles(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t == typeof(int) || t == typeof(long) || t == typeof(uint) || t == typeof(double)
            || t == typeof(bool) || t == typeof(TimeSpan) || t.IsEnum;
    }

    public static bool TryConvert(string text, Type type, out object? value, out string expected)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var trimmed = text.Trim();
        value = null;
        expected = Describe(t);
        if (t == typeof(string))
        {
            value = text;
            return true;
        }

        if (t == typeof(int) && int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            value = i;
            return true;
        }

        if (t == typeof(long) && long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }

        if (t == typeof(uint) && TryParseUnsigned(trimmed, out var u))
        {
            value = u;
            return true;
        }

        if (t == typeof(double) && double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d))
        {
            value = d;
            return true;
        }

        if (t == typeof(bool) && TryParseBool(trimmed, out var b))
        {
            value = b;
            return true;
        }

        if (t == typeof(TimeSpan) && Duration.TryParse(trimmed, out var span))
        {
            value = span;
            return true;
        }

        if (t.IsEnum)
        {
            var folded = SnakeCase.Fold(trimmed);
            var name = Enum.GetNames(t).FirstOrDefault(n => SnakeCase.Fold(n) == folded);
            if (name is not null && folded.Length > 0)
            {
                value = Enum.Parse(t, name);
                return true;
            }
        }

        return false;
    }

    /// <summary>What a value of this type looks like, for "expected ..." messages.</summary>
    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t.IsEnum)
        {
            return "one of " + string.Join(", ", Enum.GetNames(t).Select(SnakeCase.From));
        }

        return t == typeof(string) ? "a string"
            : t == typeof(int) || t == typeof(long) ? "an integer"
            : t == typeof(uint) ? "an unsigned integer (decimal or 0x hex)"
            : t == typeof(double) ? "a number"
            : t == typeof(bool) ? "true or false"
            : t == typeof(TimeSpan) ? Duration.Expected
            : "a mapping";
    }

    private static bool TryParseUnsigned(string text, out uint value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseBool(string text, out bool value)
    {
        switch (text.ToUpperInvariant())
        {
            case "TRUE" or "YES" or "ON":
                value = true;
                return true;
            case "FALSE" or "NO" or "OFF":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
