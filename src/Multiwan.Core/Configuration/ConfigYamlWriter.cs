using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>
/// Writes a config as native YAML, keeping only what differs from the defaults (a link's health only where it
/// differs from the global one). Generic over the records' key tables, like <see cref="YamlBinder"/>; reading the output back
/// gives an equal config.
/// </summary>
internal static partial class ConfigYamlWriter
{
    [GeneratedRegex(@"^[A-Za-z0-9_./@+][A-Za-z0-9_./@+-]*$")]
    private static partial Regex PlainScalar();

    public static string Write(MultiwanConfig config)
    {
        var lines = new List<string>();
        WriteRecord(lines, MultiwanConfig.Schema, config, new MultiwanConfig(), new ConfigTemplates(config.Health));
        return string.Join('\n', lines) + "\n";
    }

    private static void WriteRecord(List<string> lines, RecordShape shape, object value, object baseline, ConfigTemplates templates)
    {
        foreach (var field in shape.Fields)
        {
            var current = field.Get(value);
            var original = field.Get(baseline);
            if (field.Shape.Equal(current, original))
            {
                continue;
            }

            switch (field.Shape)
            {
                case ScalarShape:
                case Shape when current is null:
                    lines.Add($"{field.Key}: {Scalar(current)}");
                    break;
                case ListShape list:
                    WriteList(lines, field.Key, list, list.Items(current), templates);
                    break;
                case RecordShape record:
                    var nested = new List<string>();
                    WriteRecord(nested, record, current, original ?? record.Fresh(ConfigTemplates.Defaults), templates);
                    lines.Add(nested.Count == 0 ? $"{field.Key}: {{}}" : $"{field.Key}:");
                    lines.AddRange(nested.Select(n => "  " + n));
                    break;
            }
        }
    }

    private static void WriteList(List<string> lines, string key, ListShape shape, IReadOnlyList<object?> items, ConfigTemplates templates)
    {
        if (shape.Element is not RecordShape element)
        {
            lines.Add($"{key}: [{string.Join(", ", items.Select(Scalar))}]");
            return;
        }

        lines.Add($"{key}:");
        foreach (var item in items)
        {
            // As when reading: a new item's health starts as the global health.
            var body = new List<string>();
            WriteRecord(body, element, item!, element.Fresh(templates), templates);
            if (element.Shorthand is { } shorthand && body.Count == 1 && body[0].StartsWith(shorthand.Key + ": ", StringComparison.Ordinal))
            {
                lines.Add($"  - {Scalar(shorthand.Get(item!))}");
                continue;
            }

            lines.Add(body.Count == 0 ? "  - {}" : $"  - {body[0]}");
            lines.AddRange(body.Skip(1).Select(b => "    " + b));
        }
    }

    public static string Scalar(object? value) => value switch
    {
        null => "null",
        string text => PlainScalar().IsMatch(text) && !IsYamlWord(text) ? text : Quote(text),
        TimeSpan span => Duration.Format(span),
        uint mask => $"0x{mask:x}",
        bool flag => flag ? "true" : "false",
        Enum e => SnakeCase.From(e.ToString()),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    private static bool IsYamlWord(string text) =>
        text.ToUpperInvariant() is "NULL" or "TRUE" or "FALSE" or "YES" or "NO" or "ON" or "OFF" or "Y" or "N";

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
