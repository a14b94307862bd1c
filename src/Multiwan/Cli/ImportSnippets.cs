using System.Text;
using Multiwan.Configuration;

namespace Multiwan.Cli;

/// <summary>
/// The snippet files <c>import</c> writes for a balance/firewall directory: one per iptables file
/// (<c>50-balance-02.accept.conf.nft</c>), each nft command preceded by the iptables line it was translated from.
/// Snippets already read from an <c>nft_directory</c> are the user's files and are not rewritten.
/// </summary>
internal static class ImportSnippets
{
    public static IReadOnlyList<(string Name, string Text)> Of(MultiwanConfig config)
    {
        var sources = config.Firewall.Iptables.GroupBy(l => l.File).ToDictionary(g => g.Key, g => g.ToList());
        var files = new List<(string, string)>();
        foreach (var snippet in config.Firewall.Snippets.Where(s => sources.ContainsKey(s.File)))
        {
            var text = new StringBuilder();
            text.Append("# Translated by 'multiwan import' (iptables-translate) from ").Append(snippet.File).Append('\n');
            foreach (var group in snippet.Lines.GroupBy(l => l.Line))
            {
                var original = sources[snippet.File].First(l => l.Line == group.Key);
                text.Append("# ").Append(Path.GetFileName(snippet.File)).Append(':').Append(group.Key).Append(": ").Append(original.Text).Append('\n');
                foreach (var line in group)
                {
                    text.Append(line.Text).Append('\n');
                }
            }

            files.Add(($"50-balance-{Path.GetFileName(snippet.File)}.nft", text.ToString()));
        }

        return files;
    }

    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<(string Name, string Text)> snippets)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var (name, text) in snippets)
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            written.Add(path);
        }

        return written;
    }
}
