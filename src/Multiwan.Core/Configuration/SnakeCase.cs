using System.Text;

namespace Multiwan.Configuration;

/// <summary>C# property and enum names to the snake_case spelled in YAML (<c>MinTargets</c> → <c>min_targets</c>).</summary>
internal static class SnakeCase
{
    public static string From(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    /// <summary>Case, <c>_</c> and <c>-</c> do not matter when an enum value is spelled.</summary>
    public static string Fold(string name) =>
        name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToUpperInvariant();
}
