using Multiwan.Text;

namespace Multiwan.Configuration;

/// <summary>
/// How every command that takes a link name finds it: the name as written, else the one name equal to it without
/// regard to case (<c>link down cable</c> finds <c>CABLE</c>); anything else is an error naming the known links.
/// The config refuses two names that differ only by case, so a second case-insensitive match means the names come
/// from somewhere else (an old journal) and the command must be told which one.
/// </summary>
internal static class LinkNameMatch
{
    /// <returns>The known name meant, or null with <paramref name="error"/> saying why.</returns>
    public static string? Find(IEnumerable<string> known, string given, out string error)
    {
        var names = known.Distinct(StringComparer.Ordinal).ToList();
        error = "";
        if (names.Contains(given, StringComparer.Ordinal))
        {
            return given;
        }

        var matches = names.Where(n => n.Equals(given, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        error = matches.Count > 1
            ? $"link name '{SafeText.Show(given)}' is ambiguous: it matches {string.Join(", ", matches.Select(n => SafeText.Show(n)))} (write it exactly)"
            : $"no link named '{SafeText.Show(given)}' (links: {(names.Count == 0 ? "none" : string.Join(", ", names.Select(n => SafeText.Show(n))))})";
        return null;
    }
}
