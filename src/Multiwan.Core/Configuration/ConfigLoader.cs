using Multiwan.Text;

namespace Multiwan.Configuration;

/// <summary>
/// Loads a config file: the native YAML or a Net-ISP-Balance <c>balance.conf</c>, detected by name and content.
/// Every error and warning is returned at once; the config is returned only when there is no error.
/// </summary>
public static class ConfigLoader
{
    /// <param name="iptables">Translates a balance/firewall directory's iptables lines; without one they are warnings.</param>
    public static ConfigLoadResult Load(string path, IIptablesTranslator? iptables = null)
    {
        string text;
        try
        {
            if (new FileInfo(path).Length is var size and > ConfigLimits.FileBytes)
            {
                return new ConfigLoadResult(null, [new ConfigDiagnostic(SafeText.Escape(path), 0, "file", $"larger than {ConfigLimits.FileBytes} bytes", $"{size} bytes")], []);
            }

            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var got = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            return new ConfigLoadResult(null, [new ConfigDiagnostic(SafeText.Escape(path), 0, "file", "cannot read", SafeText.Show(got))], []);
        }

        return Parse(text, path, iptables);
    }

    /// <summary>
    /// Reads <paramref name="text"/> as the file <paramref name="fileName"/>; a balance.conf also reads the Net-ISP-Balance
    /// directory beside it (<see cref="BalanceDirectory"/>), a config with <c>firewall.nft_directory</c> its snippets.
    /// </summary>
    public static ConfigLoadResult Parse(string text, string fileName, IIptablesTranslator? iptables = null)
    {
        var diagnostics = new DiagnosticBag(fileName, new SourceMap());
        if (text.Length > ConfigLimits.FileBytes)
        {
            diagnostics.ErrorAt(1, "file", $"larger than {ConfigLimits.FileBytes} bytes", $"{text.Length} characters");
            return new ConfigLoadResult(null, diagnostics.Errors, []);
        }

        var balanceConf = IsBalanceConf(text, fileName);
        var config = balanceConf
            ? BalanceConfReader.Read(text, diagnostics)
            : YamlConfigReader.Read(text, diagnostics);
        if (config is not null)
        {
            if (balanceConf)
            {
                config = BalanceDirectory.Read(fileName, config, diagnostics);
            }

            config = NftDirectoryReader.Read(config, diagnostics);
            config = IptablesSnippets.Translate(config, iptables, diagnostics);
            ConfigValidator.Validate(config, diagnostics);
        }

        // The file's own lines first, then those of the files read with it (balance/, nft.d), each in line order.
        var main = Text.SafeText.Escape(fileName);
        var errors = diagnostics.Errors.OrderBy(e => e.File != main).ThenBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToList();
        var warnings = diagnostics.Warnings.OrderBy(w => w.File != main).ThenBy(w => w.File, StringComparer.Ordinal).ThenBy(w => w.Line).ToList();
        return new ConfigLoadResult(errors.Count == 0 ? config : null, errors, warnings);
    }

    /// <summary>A <c>.conf</c> file, or content whose first statement is a <c>service device role</c> row or a <c>name=value</c> line.</summary>
    internal static bool IsBalanceConf(string text, string fileName)
    {
        var name = Path.GetFileName(fileName);
        if (name.EndsWith(".conf", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#') || line == "---")
            {
                continue;
            }

            return BalanceConfReader.LooksLikeStatement(line);
        }

        return false;
    }
}
