using System.Globalization;

namespace Multiwan.Configuration.Schema;

/// <summary>The scalar shapes of the config: how a YAML scalar becomes a string, number, flag, duration or enum value.</summary>
internal static class Scalars
{
    public static ScalarShape Text { get; } = new("a string", (string text, out object? value) =>
    {
        value = text;
        return true;
    });

    public static ScalarShape Int { get; } = new("an integer", (string text, out object? value) =>
    {
        var ok = int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i);
        value = i;
        return ok;
    });

    public static ScalarShape Long { get; } = new("an integer", (string text, out object? value) =>
    {
        var ok = long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l);
        value = l;
        return ok;
    });

    public static ScalarShape UInt { get; } = new("an unsigned integer (decimal or 0x hex)", (string text, out object? value) =>
    {
        var trimmed = text.Trim();
        var ok = trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(trimmed.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var u)
            : uint.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out u);
        value = u;
        return ok;
    });

    public static ScalarShape Number { get; } = new("a number", (string text, out object? value) =>
    {
        var ok = double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d);
        value = d;
        return ok;
    });

    public static ScalarShape Bool { get; } = new("true or false", (string text, out object? value) =>
    {
        bool? parsed = text.Trim().ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "ON" => true,
            "FALSE" or "NO" or "OFF" => false,
            _ => null,
        };
        value = parsed ?? false;
        return parsed is not null;
    });

    public static ScalarShape Duration { get; } = new(Configuration.Duration.Expected, (string text, out object? value) =>
    {
        var ok = Configuration.Duration.TryParse(text.Trim(), out var span);
        value = span;
        return ok;
    });

    /// <summary>An enum spelled in snake_case; case, <c>_</c> and <c>-</c> do not matter.</summary>
    public static ScalarShape Enum<TEnum>()
        where TEnum : struct, System.Enum
    {
        var names = System.Enum.GetNames<TEnum>();
        return new ScalarShape("one of " + string.Join(", ", names.Select(SnakeCase.From)), (string text, out object? value) =>
        {
            var folded = SnakeCase.Fold(text.Trim());
            var name = names.FirstOrDefault(n => SnakeCase.Fold(n) == folded);
            value = name is null || folded.Length == 0 ? null : System.Enum.Parse<TEnum>(name);
            return value is not null;
        });
    }

    public static ListShape<T> ListOf<T>(Shape element) => new(element);

    public static ListShape<string> TextList { get; } = new(Text);
}
