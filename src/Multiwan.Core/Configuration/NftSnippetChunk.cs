namespace Multiwan.Configuration;

/// <summary>
/// One nft command of a snippet (a line, or the lines of a <c>{ ... }</c> block) and where it starts: the unit a
/// failed transaction is traced back to (<c>file:line</c>).
/// </summary>
public sealed record NftSnippetChunk(string File, int Line, string Text)
{
    /// <summary>The commands of <paramref name="snippet"/>: comment and blank lines dropped, a block kept whole until its braces close.</summary>
    public static IEnumerable<NftSnippetChunk> Of(NftSnippet snippet)
    {
        var open = 0;
        var start = 0;
        var text = new List<string>();
        foreach (var line in snippet.Lines)
        {
            var trimmed = line.Text.Trim();
            if (text.Count == 0 && (trimmed.Length == 0 || trimmed.StartsWith('#')))
            {
                continue;
            }

            if (text.Count == 0)
            {
                start = line.Line;
            }

            text.Add(line.Text);
            open += trimmed.Count(c => c == '{') - trimmed.Count(c => c == '}');
            if (open <= 0)
            {
                yield return new NftSnippetChunk(snippet.File, start, string.Join('\n', text));
                text.Clear();
                open = 0;
            }
        }

        if (text.Count > 0)
        {
            yield return new NftSnippetChunk(snippet.File, start, string.Join('\n', text));
        }
    }
}
