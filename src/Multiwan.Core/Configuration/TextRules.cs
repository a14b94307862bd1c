using Multiwan.Configuration.Schema;
using Multiwan.Text;

namespace Multiwan.Configuration;

/// <summary>
/// Rules over every value of the config, walked through the key tables so a new setting is covered without a line
/// here: no string holds a control or format character (no newline can reach an nft script, an <c>ip -batch</c>
/// line, a header or a terminal), and no list is longer than its limit (a balance.conf is not bound by the binder).
/// </summary>
internal static class TextRules
{
    public static void Check(MultiwanConfig config, DiagnosticBag d) => Walk(MultiwanConfig.Schema, config, "", d);

    private static void Walk(Shape shape, object? value, string path, DiagnosticBag d)
    {
        switch (shape, value)
        {
            case (_, null):
                return;
            case (ScalarShape leaf, string text) when SafeText.NeedsEscape(text):
                d.Error(path, "must not contain control characters (newline, tab, escape, ...)", leaf == Scalars.Secret ? "a secret, not shown" : text);
                return;
            case (ListShape list, _):
                var items = list.Items(value);
                if (items.Count > list.Max)
                {
                    d.Error(path, $"at most {list.Max} items are allowed", $"{items.Count} items");
                }

                for (var i = 0; i < items.Count && i < list.Max; i++)
                {
                    Walk(list.Element, items[i], SourceMap.Index(path, i), d);
                }

                return;
            case (RecordShape record, _):
                foreach (var field in record.Fields)
                {
                    Walk(field.Shape, field.Get(value), SourceMap.Join(path, field.Key), d);
                }

                return;
        }
    }
}
