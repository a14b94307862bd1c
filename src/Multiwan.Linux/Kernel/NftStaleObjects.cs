using System.Text.Json;
using System.Text.RegularExpressions;

namespace Multiwan.Kernel;

/// <summary>
/// The chains and sets of <c>table inet multiwan</c> that exist now (<c>nft -j list table</c>) but are not declared
/// by the new script: <c>flush table</c> empties chains but keeps them, so the transaction must delete these.
/// </summary>
internal static partial class NftStaleObjects
{
    public const string Table = "inet multiwan";

    /// <summary><c>delete chain|set inet multiwan NAME</c> lines for everything in <paramref name="listJson"/> that <paramref name="script"/> does not declare.</summary>
    public static IReadOnlyList<string> DeleteCommands(string listJson, string script)
    {
        var declared = Declared(script);
        var commands = new List<string>();
        if (string.IsNullOrWhiteSpace(listJson))
        {
            return commands;
        }

        using var doc = JsonDocument.Parse(listJson);
        if (!doc.RootElement.TryGetProperty("nftables", out var items))
        {
            return commands;
        }

        foreach (var item in items.EnumerateArray())
        {
            foreach (var kind in (string[])["chain", "set", "map"])
            {
                if (item.TryGetProperty(kind, out var obj) && obj.GetProperty("name").GetString() is { } name)
                {
                    var key = (kind == "map" ? "set" : kind, name);
                    if (!declared.Contains(key))
                    {
                        commands.Add($"delete {kind} {Table} {name}");
                    }
                }
            }
        }

        // Chains first would fail while a stale chain still jumps to another: delete sets after chains, chains in listed order.
        return [.. commands.OrderBy(c => c.StartsWith("delete chain", StringComparison.Ordinal) ? 0 : 1)];
    }

    /// <summary>The chains and sets (maps count as sets) a script declares.</summary>
    public static HashSet<(string Kind, string Name)> Declared(string script) =>
        Declarations().Matches(script).Select(m => (m.Groups[1].Value == "map" ? "set" : m.Groups[1].Value, m.Groups[2].Value)).ToHashSet();

    [GeneratedRegex(@"^\s*(chain|set|map)\s+([A-Za-z0-9_\-]+)\s*\{", RegexOptions.Multiline)]
    private static partial Regex Declarations();
}
