namespace Multiwan.Configuration.Schema;

/// <summary>A YAML mapping bound onto a config record: its keys in declaration order.</summary>
internal abstract class RecordShape : Shape
{
    public abstract IReadOnlyList<ConfigField> Fields { get; }

    /// <summary>The key set when the record is written as a single scalar (a target as its address), if any.</summary>
    public abstract ConfigField? Shorthand { get; }

    public override string Describe => "a mapping";

    /// <summary>A new record with its defaults, and its templated values (a link's health) taken from <paramref name="templates"/>.</summary>
    public abstract object Fresh(ConfigTemplates templates);

    public ConfigField? Find(string key) => Fields.FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal));

    public override bool Equal(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return Fields.All(f => f.Shape.Equal(f.Get(a), f.Get(b)));
    }
}

/// <summary>
/// The key table of record <typeparamref name="T"/>, written next to the record: one line per setting
/// (<c>.Key("weight", Scalars.Int, c => c.Weight, (c, v) => c with { Weight = v })</c>).
/// </summary>
internal sealed class RecordShape<T>(Func<ConfigTemplates, T> fresh) : RecordShape
    where T : class
{
    private readonly List<ConfigField> _fields = [];
    private ConfigField? _shorthand;

    public override IReadOnlyList<ConfigField> Fields => _fields;

    public override ConfigField? Shorthand => _shorthand;

    public override object Fresh(ConfigTemplates templates) => fresh(templates);

    /// <summary>A key whose value is required when written (a YAML null is an error for a scalar).</summary>
    public RecordShape<T> Key<TValue>(string key, Shape shape, Func<T, TValue> get, Func<T, TValue, T> set) =>
        Add(key, shape, nullable: false, get, set);

    /// <summary>A key that may be written as null to leave it unset.</summary>
    public RecordShape<T> Optional<TValue>(string key, Shape shape, Func<T, TValue> get, Func<T, TValue, T> set) =>
        Add(key, shape, nullable: true, get, set);

    /// <summary>The record may be written as a scalar that sets <paramref name="key"/>.</summary>
    public RecordShape<T> WrittenAs(string key)
    {
        _shorthand = Find(key) ?? throw new InvalidOperationException($"no key {key}");
        return this;
    }

    private RecordShape<T> Add<TValue>(string key, Shape shape, bool nullable, Func<T, TValue> get, Func<T, TValue, T> set)
    {
        _fields.Add(new ConfigField(key, shape, nullable, r => get((T)r), (r, v) => set((T)r, (TValue)v!)));
        return this;
    }
}
