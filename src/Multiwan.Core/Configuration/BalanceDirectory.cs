namespace Multiwan.Configuration;

/// <summary>
/// Reads the Net-ISP-Balance directory beside a balance.conf (<c>/etc/network/balance/</c> for
/// <c>/etc/network/balance.conf</c>), as load_balance.pl did, every file in byte order of its name:
/// <list type="bullet">
/// <item><c>firewall/*.pl</c>, <c>routes/*.pl</c>: forward, forward_with_snat, force_route (<see cref="BalancePerlFile"/>);</item>
/// <item><c>firewall/*</c> other files: each <c>iptables ...</c> line, to be translated into an nft snippet; other lines are warnings;</item>
/// <item><c>routes/*</c> other files: shell lines multiwan does not run, one warning each;</item>
/// <item><c>pre-run/</c>, <c>post-run/</c>: <c>hooks.pre_run</c>, <c>hooks.post_run</c>;</item>
/// <item><c>lsm/</c> (its <c>up.d</c>, <c>down.d</c>, <c>long_down.d</c>): <c>hooks.directory</c>.</item>
/// </list>
/// Anything else in it is a warning naming the file.
/// </summary>
internal static class BalanceDirectory
{
    public static MultiwanConfig Read(string confPath, MultiwanConfig config, DiagnosticBag d)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(confPath));
        var root = parent is null ? null : Path.Combine(parent, "balance");
        if (root is null || !Directory.Exists(root))
        {
            return config;
        }

        foreach (var entry in Entries(root))
        {
            var name = Path.GetFileName(entry);
            config = (name, Directory.Exists(entry)) switch
            {
                ("firewall", true) => Files(entry, config, d, firewall: true),
                ("routes", true) => Files(entry, config, d, firewall: false),
                ("pre-run", true) => config with { Hooks = config.Hooks with { PreRun = entry } },
                ("post-run", true) => config with { Hooks = config.Hooks with { PostRun = entry } },
                ("lsm", true) => config with { Hooks = config.Hooks with { Directory = entry } },
                _ => Ignored(entry, config, d),
            };
        }

        return config;
    }

    private static MultiwanConfig Files(string directory, MultiwanConfig config, DiagnosticBag d, bool firewall)
    {
        foreach (var file in Entries(directory).Where(File.Exists))
        {
            if (new FileInfo(file).Length > ConfigLimits.FileBytes)
            {
                d.ErrorIn(file, 0, "file", $"larger than {ConfigLimits.FileBytes} bytes");
                continue;
            }

            var text = File.ReadAllText(file);
            if (file.EndsWith(".pl", StringComparison.Ordinal))
            {
                config = BalancePerlFile.Read(file, text, config, d);
            }
            else if (firewall)
            {
                config = IptablesFile(file, text, config, d);
            }
            else
            {
                EachLine(text, (line, command) => d.WarningIn(file, line, "routes", "not honoured: multiwan does not run route files; put the command in a hooks.post_run script", command));
            }
        }

        return config;
    }

    private static MultiwanConfig IptablesFile(string file, string text, MultiwanConfig config, DiagnosticBag d)
    {
        var lines = new List<IptablesLine>();
        EachLine(text, (line, command) =>
        {
            if (Path.GetFileName(command.Split(' ')[0]) == "iptables")
            {
                lines.Add(new IptablesLine(file, line, command));
            }
            else
            {
                d.WarningIn(file, line, "firewall", "not honoured: only iptables lines are translated (to nft)", command);
            }
        });
        return config with { Firewall = config.Firewall with { Iptables = [.. config.Firewall.Iptables, .. lines] } };
    }

    private static MultiwanConfig Ignored(string entry, MultiwanConfig config, DiagnosticBag d)
    {
        d.WarningIn(entry, 0, "balance", "not read by multiwan (it reads firewall/, routes/, pre-run/, post-run/ and lsm/)");
        return config;
    }

    /// <summary>The non-blank, non-comment lines, with their numbers.</summary>
    private static void EachLine(string text, Action<int, string> each)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                each(i + 1, line);
            }
        }
    }

    /// <summary>The entries of a directory in byte order of their names, without hidden files and editor backups.</summary>
    private static IEnumerable<string> Entries(string directory) =>
        Directory.EnumerateFileSystemEntries(directory)
            .Where(e => Path.GetFileName(e) is var n && !n.StartsWith('.') && !n.EndsWith('~'))
            .Order(StringComparer.Ordinal);
}
