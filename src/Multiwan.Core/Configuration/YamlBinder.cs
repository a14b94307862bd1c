using System.Collections;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Multiwan.Configuration;

/// <summary>
/// Binds a YAML node tree onto the config records by reflection: a key is the snake_case of a property name,
/// unknown keys and wrong types are errors with their line, and every written path is recorded in the
/// <see cref="SourceMap"/>. Nothing here knows a particular setting, so adding one touches only its record.
/// </summary>
internal sealed class YamlBinder(DiagnosticBag diagnostics)
{
    /// <summary>Types that may be written as a single scalar instead of a mapping, and the property it sets.</summary>
    private static readonly Dictionary<Type, string> Shorthands = new()
    {
        [typeof(TargetConfig)] = nameof(TargetConfig.Address),
    };

    private static readonly object Failed = new();

    private readonly Dictionary<Type, object> _templates = [];

    /// <summary>Every new instance of a record gets <paramref name="value"/> for its properties of type <typeparamref name="T"/> (per-link health starts as the global one).</summary>
    public void UseTemplate<T>(T value)
        where T : class => _templates[typeof(T)] = value;

    public T BindRoot<T>(YamlNode node)
        where T : class
    {
        diagnostics.Map.Add("", Line(node));
        var bound = Bind(node, typeof(T), Fresh(typeof(T)), "", nullable: false);
        return bound as T ?? (T)Fresh(typeof(T));
    }

    public static int Line(YamlNode node) => checked((int)node.Start.Line);

    private object? Bind(YamlNode node, Type type, object? current, string path, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is YamlScalarNode scalar && IsNull(scalar))
        {
            return BindNull(type, current, path, nullable || underlying is not null, node);
        }

        if (ListElement(type) is { } element)
        {
            return BindList(node, element, path);
        }

        if (ScalarConverter.Handles(type))
        {
            return BindScalar(node, type, path);
        }

        return BindRecord(node, underlying ?? type, current, path);
    }

    private object? BindNull(Type type, object? current, string path, bool nullable, YamlNode node)
    {
        if (ListElement(type) is { } element)
        {
            return NewList(element);
        }

        if (nullable)
        {
            return null;
        }

        if (!ScalarConverter.Handles(type))
        {
            return current ?? Fresh(type);
        }

        diagnostics.ErrorAt(Line(node), path, $"needs a value: {ScalarConverter.Describe(type)}", "nothing");
        return Failed;
    }

    private object BindScalar(YamlNode node, Type type, string path)
    {
        if (node is not YamlScalarNode scalar)
        {
            diagnostics.ErrorAt(Line(node), path, $"expected {ScalarConverter.Describe(type)}", Kind(node));
            return Failed;
        }

        if (ScalarConverter.TryConvert(scalar.Value ?? "", type, out var value, out var expected))
        {
            return value!;
        }

        diagnostics.ErrorAt(Line(node), path, $"expected {expected}", scalar.Value);
        return Failed;
    }

    private object BindList(YamlNode node, Type element, string path)
    {
        var list = NewList(element);
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

        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = SourceMap.Index(path, i);
            diagnostics.Map.Add(itemPath, Line(items[i]));
            var start = ScalarConverter.Handles(element) ? null : Fresh(element);
            var value = Bind(items[i], element, start, itemPath, nullable: false);
            if (value != Failed)
            {
                list.Add(value);
            }
        }

        return list;
    }

    private object BindRecord(YamlNode node, Type type, object? current, string path)
    {
        if (node is YamlScalarNode scalar && Shorthands.TryGetValue(type, out var shorthand))
        {
            var record = Copy(Fresh(type), type);
            var property = type.GetProperty(shorthand)!;
            var value = Bind(scalar, property.PropertyType, null, path, nullable: false);
            if (value != Failed)
            {
                property.SetValue(record, value);
            }

            return record;
        }

        if (node is not YamlMappingNode mapping)
        {
            diagnostics.ErrorAt(Line(node), Where(path), "expected a mapping of keys", Kind(node));
            return Failed;
        }

        var result = Copy(current ?? Fresh(type), type);
        var properties = Properties(type);
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!properties.TryGetValue(key, out var property))
            {
                var guess = properties.Keys.FirstOrDefault(k => EditDistance.Between(k, key) <= 2);
                var hint = guess is null ? "" : $" (did you mean {guess}?)";
                diagnostics.ErrorAt(Line(keyNode), Where(path), $"unknown key{hint}; allowed: {string.Join(", ", properties.Keys)}", key);
                continue;
            }

            var childPath = SourceMap.Join(path, key);
            diagnostics.Map.Add(childPath, Line(keyNode));
            // NullabilityInfoContext is not thread-safe: one per lookup (configs load rarely, perhaps concurrently).
            var nullable = new NullabilityInfoContext().Create(property).WriteState == NullabilityState.Nullable;
            var value = Bind(valueNode, property.PropertyType, property.GetValue(result), childPath, nullable);
            if (value != Failed)
            {
                property.SetValue(result, value);
            }
        }

        return result;
    }

    private object Fresh(Type type)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var property in Properties(type).Values)
        {
            if (_templates.TryGetValue(property.PropertyType, out var template))
            {
                property.SetValue(instance, template);
            }
        }

        return instance;
    }

    /// <summary>A shallow copy: the records are immutable, so sharing their nested values is safe.</summary>
    private static object Copy(object source, Type type)
    {
        var copy = Activator.CreateInstance(type)!;
        foreach (var property in Properties(type).Values)
        {
            property.SetValue(copy, property.GetValue(source));
        }

        return copy;
    }

    /// <summary>The settable properties of a record, keyed by their YAML name, in declaration order.</summary>
    public static IReadOnlyDictionary<string, PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .ToDictionary(p => SnakeCase.From(p.Name), StringComparer.Ordinal);

    public static Type? ListElement(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0] : null;

    private static IList NewList(Type element) => (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;

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
