using System.Globalization;
using System.Text.RegularExpressions;
using Multiwan.Kernel.Nft;

namespace Multiwan.Kernel;

/// <summary>
/// Traces a failed transaction back to a user snippet: libnftables locates its error by the line of the script
/// (<c>/proc/self/fd/N:LINE:COLUMNS: Error: ...</c>); a line inside <see cref="KernelPlan.SnippetScript"/> becomes the
/// snippet's own <c>file:line</c>, so a broken snippet is one line naming where to look.
/// </summary>
internal static partial class SnippetFault
{
    [GeneratedRegex(@"/proc/self/fd/\d+:(\d+):[\d-]+: (Error: [^\n]*)")]
    private static partial Regex Located();

    /// <returns><c>FILE:LINE: nft snippet: Error: ...: failing text</c>, or null when the error is not in a snippet.</returns>
    public static string? Describe(KernelPlan plan, NftOutcome outcome)
    {
        if (plan.Snippets.Count == 0 || Located().Match(outcome.ErrorText) is not { Success: true } match)
        {
            return null;
        }

        var line = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return Locate(plan, line) is { } at ? $"{at.File}:{at.Line}: nft refused the snippet: {match.Groups[2].Value.Trim()}" : null;
    }

    /// <summary>The snippet file and line of line <paramref name="scriptLine"/> (1-based) of the whole transaction.</summary>
    public static (string File, int Line)? Locate(KernelPlan plan, int scriptLine)
    {
        var line = Lines(plan.NftScript) + Lines(plan.FirewallScript);
        foreach (var chunk in plan.Snippets)
        {
            line++; // the "# file:line" heading
            var count = Lines(chunk.Text) + 1;
            if (scriptLine > line && scriptLine <= line + count)
            {
                return (chunk.File, chunk.Line + scriptLine - line - 1);
            }

            line += count;
        }

        return null;
    }

    private static int Lines(string text) => text.Count(c => c == '\n');
}
