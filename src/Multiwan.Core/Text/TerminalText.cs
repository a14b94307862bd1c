using System.Globalization;
using System.Text;

namespace Multiwan.Text;

/// <summary>
/// Makes any string safe to print on a terminal or in a log line: control characters (C0, DEL, C1) and the Unicode
/// format characters that reorder or hide text (bidi overrides, zero-width) are shown escaped (<c>\n</c>, <c>\t</c>,
/// <c>\e</c>, <c>\x07</c>, <c>\u202e</c>), so a value from a config, a journal or the wire can never clear the
/// screen, move the cursor or split one message over two lines. Everything else is kept as it is.
/// </summary>
internal static class TerminalText
{
    /// <summary>The longest value <see cref="Shorten"/> keeps whole.</summary>
    public const int DefaultMax = 80;

    /// <summary><paramref name="value"/> with every unsafe character (and any lone surrogate) escaped.</summary>
    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value ?? "";
        }

        if (!NeedsEscaping(value))
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != global::System.Buffers.OperationStatus.Done)
            {
                text.Append("\\u").Append(((int)value[i]).ToString("x4", CultureInfo.InvariantCulture));
                i++;
                continue;
            }

            Append(text, rune);
            i += used;
        }

        return text.ToString();
    }

    /// <summary>Escaped and cut to about <paramref name="max"/> characters: <c>abc… (100000 characters)</c>.</summary>
    public static string Shorten(string? value, int max = DefaultMax)
    {
        var escaped = Escape(value);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var cut = max;
        if (char.IsHighSurrogate(escaped[cut - 1]))
        {
            cut--;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{escaped[..cut]}… ({value!.Length} characters)");
    }

    /// <summary>True when <paramref name="value"/> holds a character <see cref="Escape"/> would change.</summary>
    public static bool NeedsEscaping(string value)
    {
        for (var i = 0; i < value.Length;)
        {
            if (Rune.DecodeFromUtf16(value.AsSpan(i), out var rune, out var used) != global::System.Buffers.OperationStatus.Done || IsUnsafe(rune))
            {
                return true;
            }

            i += used;
        }

        return false;
    }

    /// <summary>A control character or a Unicode format or separator character (bidi controls, zero-width, U+2028).</summary>
    public static bool IsUnsafe(Rune rune) =>
        Rune.IsControl(rune)
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static void Append(StringBuilder text, Rune rune)
    {
        if (!IsUnsafe(rune))
        {
            text.Append(rune.ToString());
            return;
        }

        switch (rune.Value)
        {
            case '\n': text.Append("\\n"); break;
            case '\r': text.Append("\\r"); break;
            case '\t': text.Append("\\t"); break;
            case 0x1b: text.Append("\\e"); break;
            case < 0x100: text.Append("\\x").Append(rune.Value.ToString("x2", CultureInfo.InvariantCulture)); break;
            default: text.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture)); break;
        }
    }
}
