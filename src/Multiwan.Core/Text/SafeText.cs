using System.Globalization;
using System.Text;

namespace Multiwan.Text;

/// <summary>
/// Makes a value from a config file, a peer or the kernel safe to print on one terminal line: control characters
/// (C0, DEL, C1), Unicode format characters (bidi overrides, zero-width) and lone surrogates are shown escaped
/// (<c>\n</c>, <c>\e</c>, <c>\x07</c>, <c>\u202e</c>), and a long value is cut with an ellipsis and its length.
/// Config errors show their <c>(got X)</c> through it; the CLI prints other untrusted text through it too.
/// </summary>
public static class SafeText
{
    /// <summary>How many characters of a value an error message shows.</summary>
    public const int ShownLength = 80;

    /// <summary>The value escaped and, past <paramref name="max"/> characters, shortened.</summary>
    public static string Show(string text, int max = ShownLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > max;
        var shown = Escape(cut ? text[..max] : text);
        return cut ? string.Create(CultureInfo.InvariantCulture, $"{shown}… ({text.Length} characters)") : shown;
    }

    /// <summary>True when printing <paramref name="text"/> as is could move the cursor, change colours or split a line.</summary>
    public static bool NeedsEscape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text, i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every unsafe character escaped; everything else as is (no length limit).</summary>
    public static string Escape(string text)
    {
        if (!NeedsEscape(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            if (!IsUnsafe(text, i))
            {
                builder.Append(c);
                continue;
            }

            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                '\x1b' => "\\e",
                < '\x100' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
            });
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
