namespace Multiwan.Configuration.Schema;

/// <summary>One key of a record: its YAML name, the shape of its value, and how to read and set it on the record.</summary>
internal sealed class ConfigField(string key, Shape shape, bool nullable, Func<object, object?> get, Func<object, object?, object> set)
{
    public string Key => key;

    public Shape Shape => shape;

    /// <summary>A YAML null leaves the value unset (null) instead of being an error.</summary>
    public bool Nullable => nullable;

    public object? Get(object record) => get(record);

    /// <summary>A copy of the record with this key set (the records are immutable).</summary>
    public object Set(object record, object? value) => set(record, value);
}
