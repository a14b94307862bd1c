using System.Globalization;
using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>
/// <c>min_targets</c>: how many of a link's deciding targets must answer for a round to succeed, as a count
/// (<c>2</c>) or as a share of them (<c>60%</c>, multihomed's <c>up_percent</c>: ⌈n·60/100⌉, at least 1).
/// </summary>
public readonly record struct TargetQuorum(int Count, double? Percent = null) : IFormattable
{
    internal static ScalarShape Shape { get; } = new("an integer or a percentage such as 60%", (string text, out object? value) =>
    {
        var trimmed = text.Trim();
        value = null;
        if (trimmed.EndsWith('%'))
        {
            var ok = double.TryParse(trimmed[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var p) && double.IsFinite(p);
            value = new TargetQuorum(0, p);
            return ok;
        }

        var isInt = int.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count);
        value = new TargetQuorum(count);
        return isInt;
    });

    public static implicit operator TargetQuorum(int count) => new(count);

    /// <summary>k for a link with <paramref name="targets"/> deciding targets (a count is used as written; the caller caps it at n).</summary>
    public int Of(int targets) => Percent is { } p
        ? Math.Clamp((int)Math.Ceiling(targets * p / 100 - 1e-9), 1, Math.Max(targets, 1))
        : Count;

    public string ToString(string? format, IFormatProvider? formatProvider) => Percent is { } p
        ? p.ToString("0.###", CultureInfo.InvariantCulture) + "%"
        : Count.ToString(CultureInfo.InvariantCulture);

    public override string ToString() => ToString(null, CultureInfo.InvariantCulture);
}
