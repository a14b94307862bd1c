using Multiwan.Configuration.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Multiwan.Configuration;

/// <summary>
/// Binds a YAML node tree onto the config records through their key tables (<see cref="RecordShape{T}"/>): unknown
/// keys and wrong types are errors with their line, and every written path is recorded in the <see cref="SourceMap"/>.
/// Nothing here knows a particular setting and nothing reflects, so the binder is trim- and AOT-clean.
/// </summary>
internal sealed class YamlBinder(DiagnosticBag diagnostics, ConfigTemplates templates)
{
    private static readonly object Failed = new();

    public T BindRoot<T>(YamlNode node, RecordShape<T> shape)
        where T : class
    {
        diagnostics.Map.Add("", Line(node));
        var bound = Bind(node, shape, shape.Fresh(templates), "", nullable: false);
        return bound as T ?? (T)shape.Fresh(templates);
    }

    public static int Line(YamlNode node) => checked((int)node.Start.Line);

    private object? Bind(YamlNode node, Shape shape, object? current, string path, bool nullable)
    {
        if (node is YamlScalarNode scalar && IsNull(scalar))
        {
            return BindNull(shape, current, path, nullable, node);
        }

        return shape switch
        {
            ListShape list => BindList(node, list, path),
            ScalarShape leaf => BindScalar(node, leaf, path),
            RecordShape record => BindRecord(node, record, current, path),
            _ => throw new InvalidOperationException($"unknown shape {shape}"),
        };
    }

    private object? BindNull(Shape shape, object? current, string path, bool nullable, YamlNode node)
    {
        if (shape is ListShape list)
        {
            return list.Make([]);
        }

        if (nullable)
        {
            return null;
        }

        if (shape is RecordShape record)
        {
            return current ?? record.Fresh(templates);
        }

        diagnostics.ErrorAt(Line(node), path, $"needs a value: {shape.Describe}", "nothing");
        return Failed;
    }

    private object BindScalar(YamlNode node, ScalarShape shape, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            diagnostics.ErrorAt(Line(node), path, $"expected {shape.Describe}", Kind(node));
            return Failed;
        }

        if (shape.TryParse(scalar.Value ?? "", out var value))
        {
            return value!;
        }

        diagnostics.ErrorAt(Line(node), path, $"expected {shape.Describe}", scalar.Value);
        return Failed;
    }

    private object BindList(YamlNode node, ListShape shape, string path)
    {
        var items = node switch
        {
            YamlSequenceNode sequence => sequence.Children,
            YamlScalarNode => [node],
            _ => null,
        };
        if (items is null)
        {
            diagnostics.ErrorAt(Line(node), path, "expected a list", Kind(node));
            return Failed;
        }

        var bound = new List<object?>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = SourceMap.Index(path, i);
            diagnostics.Map.Add(itemPath, Line(items[i]));
            var start = (shape.Element as RecordShape)?.Fresh(templates);
            var value = Bind(items[i], shape.Element, start, itemPath, nullable: false);
            if (value != Failed)
            {
                bound.Add(value);
            }
        }

        return shape.Make(bound);
    }

    private object BindRecord(YamlNode node, RecordShape shape, object? current, string path)
    {
        if (node is YamlScalarNode scalar && shape.Shorthand is { } shorthand)
        {
            var record = shape.Fresh(templates);
            var value = Bind(scalar, shorthand.Shape, null, path, nullable: false);
            return value == Failed ? record : shorthand.Set(record, value);
        }

        if (node is not YamlMappingNode mapping)
        {
            diagnostics.ErrorAt(Line(node), Where(path), "expected a mapping of keys", Kind(node));
            return Failed;
        }

        var result = current ?? shape.Fresh(templates);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (shape.Find(key) is not { } field)
            {
                var keys = shape.Fields.Select(f => f.Key).ToList();
                var guess = keys.FirstOrDefault(k => EditDistance.Between(k, key) <= 2);
                var hint = guess is null ? "" : $" (did you mean {guess}?)";
                diagnostics.ErrorAt(Line(keyNode), Where(path), $"unknown key{hint}; allowed: {string.Join(", ", keys)}", key);
                continue;
            }

            var childPath = SourceMap.Join(path, key);
            diagnostics.Map.Add(childPath, Line(keyNode));
            var value = Bind(valueNode, field.Shape, field.Get(result), childPath, field.Nullable);
            if (value != Failed)
            {
                result = field.Set(result, value);
            }
        }

        return result;
    }

    private static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static string Where(string path) => path.Length == 0 ? "(top level)" : path;

    private static string Kind(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s => s.Value ?? "nothing",
        _ => node.NodeType.ToString(),
    };
}
