using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Multiwan.Configuration;

/// <summary>Durations as written in the config: <c>200ms</c>, <c>1s</c>, <c>1.5s</c>, <c>5m</c>, <c>1h</c>, <c>1m30s</c>.</summary>
internal static partial class Duration
{
    public const string Expected = "a duration such as 200ms, 1s, 1m30s, 5m, 1h";

    [GeneratedRegex(@"^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+$")]
    private static partial Regex Shape();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h|d)")]
    private static partial Regex Part();

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var trimmed = text.Trim();
        if (!Shape().IsMatch(trimmed))
        {
            return false;
        }

        double milliseconds = 0;
        foreach (Match part in Part().Matches(trimmed))
        {
            var number = double.Parse(part.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            milliseconds += number * part.Groups[2].Value switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => 86_400_000,
            };
        }

        if (milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(Math.Round(milliseconds, 3));
        return true;
    }

    /// <summary>The shortest exact spelling: <c>1m30s</c>, <c>200ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        var sign = value < TimeSpan.Zero ? "-" : "";
        var rest = value.Duration();
        Append(builder, (long)rest.TotalHours, "h");
        Append(builder, rest.Minutes, "m");
        Append(builder, rest.Seconds, "s");
        var fraction = rest - new TimeSpan(rest.Days, rest.Hours, rest.Minutes, rest.Seconds);
        if (fraction > TimeSpan.Zero)
        {
            builder.Append(fraction.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms");
        }

        return sign + builder;
    }

    private static void Append(StringBuilder builder, long amount, string unit)
    {
        if (amount > 0)
        {
            builder.Append(amount.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
