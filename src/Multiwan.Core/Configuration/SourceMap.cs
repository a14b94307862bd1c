namespace Multiwan.Configuration;

/// <summary>
/// Where each config path (<c>links[0].health.down_after</c>) was written, so that errors found after binding
/// still name a line. A path that was never written (a default) resolves to its nearest written parent.
/// </summary>
internal sealed class SourceMap
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public void Add(string path, int line) => _lines.TryAdd(path, line);

    public bool Contains(string path) => _lines.ContainsKey(path);

    public int LineOf(string path)
    {
        var current = path;
        while (true)
        {
            if (_lines.TryGetValue(current, out var line))
            {
                return line;
            }

            var cut = Math.Max(current.LastIndexOf('.'), current.LastIndexOf('['));
            if (cut <= 0)
            {
                return _lines.GetValueOrDefault("", 0);
            }

            current = current[..cut];
        }
    }

    public static string Join(string parent, string key) => parent.Length == 0 ? key : $"{parent}.{key}";

    public static string Index(string parent, int index) => $"{parent}[{index}]";
}
