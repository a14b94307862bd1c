using System.Reflection;
using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>The hand-written key tables stay complete: every settable property of every record has its snake_case key, in order.</summary>
public sealed class SchemaTests
{
    [Fact]
    public void Every_record_property_has_its_key_in_declaration_order()
    {
        var records = new List<RecordShape>();
        Reachable(MultiwanConfig.Schema, records);
        Assert.True(records.Count >= 12, $"only {records.Count} records reached");

        foreach (var shape in records)
        {
            var type = shape.Fresh(ConfigTemplates.Defaults).GetType();
            var expected = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
                .Select(p => SnakeCase.From(p.Name))
                .ToList();
            Assert.Equal(expected, shape.Fields.Select(f => f.Key).ToList());
        }
    }

    private static void Reachable(RecordShape shape, List<RecordShape> seen)
    {
        if (seen.Contains(shape))
        {
            return;
        }

        seen.Add(shape);
        foreach (var field in shape.Fields)
        {
            if (((field.Shape as ListShape)?.Element ?? field.Shape) is RecordShape nested)
            {
                Reachable(nested, seen);
            }
        }
    }
}
