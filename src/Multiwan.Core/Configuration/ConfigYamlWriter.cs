using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Multiwan.Configuration;

/// <summary>
/// Writes a config as native YAML, keeping only what differs from the defaults (a link's health only where it
/// differs from the global one). Generic over the records, like <see cref="YamlBinder"/>; reading the output back
/// gives an equal config.
/// </summary>
internal static partial class ConfigYamlWriter
{
    [GeneratedRegex(@"^[A-Za-z0-9_./@+][A-Za-z0-9_./@+-]*$")]
    private static partial Regex PlainScalar();

    public static string Write(MultiwanConfig config)
    {
        var lines = new List<string>();
        WriteRecord(lines, config, new MultiwanConfig(), config.Health);
        return string.Join('\n', lines) + "\n";
    }

    private static void WriteRecord(List<string> lines, object value, object baseline, HealthConfig globalHealth)
    {
        foreach (var (key, property) in YamlBinder.Properties(value.GetType()))
        {
            var current = property.GetValue(value);
            var original = property.GetValue(baseline);
            if (ConfigValues.DeepEquals(current, original))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (current is null || ScalarConverter.Handles(type))
            {
                lines.Add($"{key}: {Scalar(current)}");
            }
            else if (YamlBinder.ListElement(type) is { } element)
            {
                WriteList(lines, key, (IEnumerable)current, element, globalHealth);
            }
            else
            {
                var nested = new List<string>();
                WriteRecord(nested, current, original ?? Activator.CreateInstance(type)!, globalHealth);
                lines.Add(nested.Count == 0 ? $"{key}: {{}}" : $"{key}:");
                lines.AddRange(nested.Select(n => "  " + n));
            }
        }
    }

    private static void WriteList(List<string> lines, string key, IEnumerable items, Type element, HealthConfig globalHealth)
    {
        var list = items.Cast<object>().ToList();
        if (ScalarConverter.Handles(element))
        {
            lines.Add($"{key}: [{string.Join(", ", list.Select(Scalar))}]");
            return;
        }

        lines.Add($"{key}:");
        foreach (var item in list)
        {
            // As when reading: a new item's health starts as the global health.
            var baseline = Activator.CreateInstance(element)!;
            foreach (var property in YamlBinder.Properties(element).Values.Where(p => p.PropertyType == typeof(HealthConfig)))
            {
                property.SetValue(baseline, globalHealth);
            }

            var body = new List<string>();
            WriteRecord(body, item, baseline, globalHealth);
            if (item is TargetConfig target && body.Count == 1 && body[0].StartsWith("address: ", StringComparison.Ordinal))
            {
                lines.Add($"  - {Scalar(target.Address)}");
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
