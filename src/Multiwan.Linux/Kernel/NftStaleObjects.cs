using System.Text.Json;

namespace Multiwan.Kernel;

/// <summary>
/// The chains and sets of <c>table inet multiwan</c> that exist now but that the new plan does not declare:
/// <c>flush table</c> empties chains but keeps them, so the transaction must delete these. What exists is either
/// what our last transaction declared or, the first time, the table as libnftables lists it in JSON.
/// </summary>
internal static class NftStaleObjects
{
    public const string Table = "inet multiwan";

    /// <summary>The chains, sets and maps of a JSON listing (<c>nft -j list table inet multiwan</c>), in listed order.</summary>
    public static IReadOnlyList<NftObject> Listed(string listJson)
    {
        var objects = new List<NftObject>();
        if (string.IsNullOrWhiteSpace(listJson))
        {
            return objects;
        }

        using var doc = JsonDocument.Parse(listJson);
        if (!doc.RootElement.TryGetProperty("nftables", out var items))
        {
            return objects;
        }

        foreach (var item in items.EnumerateArray())
        {
            foreach (var (kind, key) in (ReadOnlySpan<(NftObjectKind, string)>)[(NftObjectKind.Chain, "chain"), (NftObjectKind.Set, "set"), (NftObjectKind.Map, "map")])
            {
                if (item.TryGetProperty(key, out var obj) && obj.GetProperty("name").GetString() is { } name)
                {
                    objects.Add(new NftObject(kind, name));
                }
            }
        }

        return objects;
    }

    /// <summary>
    /// <c>delete chain|set|map inet multiwan NAME</c> for every object of <paramref name="existing"/> that
    /// <paramref name="declared"/> lacks (a map and a set of one name are the same object). Chains first: a set
    /// cannot go while a stale chain still refers to it.
    /// </summary>
    public static IReadOnlyList<string> DeleteCommands(IEnumerable<NftObject> existing, IEnumerable<NftObject> declared)
    {
        var wanted = declared.Select(Key).ToHashSet();
        return [.. existing
            .Where(o => !wanted.Contains(Key(o)))
            .OrderBy(o => o.Kind == NftObjectKind.Chain ? 0 : 1)
            .Select(o => $"delete {o.Kind.ToString().ToLowerInvariant()} {Table} {o.Name}")];
    }

    private static (bool Chain, string Name) Key(NftObject o) => (o.Kind == NftObjectKind.Chain, o.Name);
}
