using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>Adding a setting means one doc line: every key of the records appears in docs/CONFIG.md.</summary>
public sealed class ConfigDocTests
{
    [Fact]
    public void Every_key_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(ExampleFiles.Directory(), "..", "docs", "CONFIG.md"));
        var keys = new List<string>();
        Collect(MultiwanConfig.Schema, "", keys);

        Assert.True(keys.Count > 80, $"only {keys.Count} keys found");
        var missing = keys.Where(k => !doc.Contains($"| `{k}` |", StringComparison.Ordinal)).ToList();
        Assert.Equal<string>([], missing);
    }

    private static readonly HashSet<Shape> TopLevel = MultiwanConfig.Schema.Fields.Select(f => f.Shape).ToHashSet();

    private static void Collect(RecordShape shape, string prefix, List<string> keys)
    {
        foreach (var field in shape.Fields)
        {
            var key = prefix + field.Key;
            keys.Add(key);
            var element = (field.Shape as ListShape)?.Element;
            var nested = element ?? field.Shape;
            // A record that is also a top-level section (a link's health) is documented once, at the top.
            var documentedAtTop = prefix.Length > 0 && TopLevel.Contains(nested);
            if (nested is RecordShape record && !documentedAtTop)
            {
                Collect(record, key + (element is null ? "." : "[]."), keys);
            }
        }
    }
}
