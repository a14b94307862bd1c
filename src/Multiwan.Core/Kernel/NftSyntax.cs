using System.Globalization;
using System.Text;

namespace Multiwan.Kernel;

/// <summary>Small pieces of nft syntax shared by the renderers.</summary>
internal static class NftSyntax
{
    /// <summary>An nft identifier part from a link, rule or policy name ([a-z0-9_-]; <c>-</c> becomes <c>_</c>).</summary>
    public static string Id(string name) => name.Replace('-', '_');

    /// <summary>A 32-bit mark or mask as nft prints it: <c>0x0000ff00</c>.</summary>
    public static string Hex(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary><c>meta mark set meta mark &amp; ~MASK | VALUE</c> (or <c>ct mark</c>): only the mask's bits change.</summary>
    public static string SetMasked(string key, uint mark, uint mask) => $"{key} set {key} & {Hex(~mask)} | {Hex(mark)}";

    public static string Quote(string device) => $"\"{device}\"";

    /// <summary>One value as is, several as an anonymous set <c>{ a, b }</c>.</summary>
    public static string SetOf(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? list[0] : "{ " + string.Join(", ", list) + " }";
    }

    /// <summary>A duration in nft's notation: <c>30m</c>, <c>1h30m</c>, <c>45s</c>, <c>1d</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        var text = new StringBuilder();
        Append(text, span.Days, "d");
        Append(text, span.Hours, "h");
        Append(text, span.Minutes, "m");
        Append(text, span.Seconds, "s");
        Append(text, span.Milliseconds, "ms");
        return text.Length == 0 ? "1s" : text.ToString();
    }

    private static void Append(StringBuilder text, int value, string unit)
    {
        if (value > 0)
        {
            text.Append(value.ToString(CultureInfo.InvariantCulture)).Append(unit);
        }
    }
}
