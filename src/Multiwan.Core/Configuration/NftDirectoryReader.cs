namespace Multiwan.Configuration;

/// <summary>
/// Reads <c>firewall.nft_directory</c>: every <c>*.nft</c> file of the directory, in byte order of its name, becomes a snippet
/// (its lines kept with their numbers). What nft thinks of them is known when the transaction is checked; here only
/// the directory and the files must be readable.
/// </summary>
internal static class NftDirectoryReader
{
    public static MultiwanConfig Read(MultiwanConfig config, DiagnosticBag d)
    {
        if (config.Firewall.NftDirectory is not { } directory || !directory.StartsWith('/'))
        {
            return config;
        }

        if (!Directory.Exists(directory))
        {
            d.Error("firewall.nft_directory", "no such directory", directory);
            return config;
        }

        var snippets = new List<NftSnippet>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.nft").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(file).StartsWith('.'))
            {
                continue;
            }

            try
            {
                if (new FileInfo(file).Length > ConfigLimits.FileBytes)
                {
                    d.ErrorIn(file, 0, "firewall.nft_directory", $"larger than {ConfigLimits.FileBytes} bytes");
                    continue;
                }

                var lines = File.ReadAllText(file).Split('\n');
                snippets.Add(new NftSnippet(file, [.. lines.Select((text, i) => new NftSnippetLine(i + 1, text.TrimEnd('\r')))]));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                d.ErrorIn(file, 0, "firewall.nft_directory", "cannot read", e.Message);
            }
        }

        return config with { Firewall = config.Firewall with { Snippets = [.. config.Firewall.Snippets, .. snippets] } };
    }
}
