using System.CommandLine;
using Multiwan.Configuration;
using Multiwan.Text;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan import FILE [--output YAML]</c>: a balance.conf (with its balance/ directory) as the equivalent native
/// YAML. Everything read is carried over (options, forwards, forced routes, hook directories, the firewall); the
/// balance/firewall iptables lines, translated to nft, go to snippet files in <c>nft.d/</c> beside the YAML
/// (<see cref="ImportSnippets"/>). Every warning, each line that could not be translated among them, heads the YAML
/// as a comment and is printed on stderr.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A Net-ISP-Balance balance.conf (or a multiwan YAML to normalise)" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the YAML to this file, and the translated iptables lines to nft.d/ beside it" };
        var command = new Command("import", "Print the multiwan YAML equivalent to a Net-ISP-Balance balance.conf")
        {
            file,
            output,
        };
        command.SetAction(parsed => Run(parsed.GetValue(file)!, parsed.GetValue(output), Cli.Output(parsed), Cli.Errors(parsed)));
        return command;
    }

    public static int Run(string path, TextWriter output, TextWriter error) => Run(path, null, output, error);

    public static int Run(string path, string? yamlPath, TextWriter output, TextWriter error)
    {
        if (ConfigInput.Load(path, error, "nothing imported", out var exitCode) is not { } result)
        {
            return exitCode;
        }

        var config = result.Config;
        var snippets = ImportSnippets.Of(config);
        IReadOnlyList<string> written = [];
        if (yamlPath is not null && snippets.Count > 0)
        {
            var directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(yamlPath))!, "nft.d");
            written = ImportSnippets.Write(directory, snippets);
            config = config with { Firewall = config.Firewall with { NftDirectory = directory } };
        }

        var text = new StringWriter();
        // Comments: a line feed in a path or a warning would end the comment and put the rest into the YAML.
        text.WriteLine($"# multiwan configuration converted from {SafeText.Escape(path)} by 'multiwan import'.");
        foreach (var warning in result.Warnings)
        {
            text.WriteLine($"# warning: {SafeText.Escape(warning.ToString())}");
        }

        foreach (var file in written)
        {
            text.WriteLine($"# the translated iptables lines: {file}");
        }

        text.Write(ConfigYamlWriter.Write(config));
        if (yamlPath is null && snippets.Count > 0)
        {
            error.WriteLine("warning: the translated iptables lines are printed as comments; with --output FILE they go to nft.d/ beside FILE");
            foreach (var snippet in snippets)
            {
                text.WriteLine($"# --- nft.d/{snippet.Name} ---");
                foreach (var line in snippet.Text.TrimEnd('\n').Split('\n'))
                {
                    text.WriteLine($"# {line}");
                }
            }
        }

        if (yamlPath is null)
        {
            output.Write(text.ToString());
        }
        else
        {
            File.WriteAllText(yamlPath, text.ToString());
            output.WriteLine($"{yamlPath}: written{(written.Count > 0 ? $", and {string.Join(", ", written)}" : "")}");
        }

        return Cli.Ok;
    }
}
