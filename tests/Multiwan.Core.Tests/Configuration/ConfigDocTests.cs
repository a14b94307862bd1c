namespace Multiwan.Configuration;

/// <summary>Adding a setting means one doc line: every key of the records appears in docs/CONFIG.md.</summary>
public sealed class ConfigDocTests
{
    [Fact]
    public void Every_key_is_documented()
    {
        var doc = File.ReadAllText(Path.Combine(ExampleFiles.Directory(), "..", "docs", "CONFIG.md"));
        var keys = new List<string>();
        Collect(typeof(MultiwanConfig), "", keys);

        Assert.True(keys.Count > 80, $"only {keys.Count} keys found");
        var missing = keys.Where(k => !doc.Contains($"| `{k}` |", StringComparison.Ordinal)).ToList();
        Assert.Equal<string>([], missing);
    }

    private static readonly HashSet<Type> TopLevel =
        YamlBinder.Properties(typeof(MultiwanConfig)).Values.Select(p => p.PropertyType).ToHashSet();

    private static void Collect(Type type, string prefix, List<string> keys)
    {
        foreach (var (name, property) in YamlBinder.Properties(type))
        {
            var key = prefix + name;
            keys.Add(key);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var element = YamlBinder.ListElement(propertyType);
            var nested = element ?? propertyType;
            // A record that is also a top-level section (a link's health) is documented once, at the top.
            var documentedAtTop = prefix.Length > 0 && TopLevel.Contains(nested);
            if (!ScalarConverter.Handles(nested) && !documentedAtTop)
            {
                Collect(nested, key + (element is null ? "." : "[]."), keys);
            }
        }
    }
}
