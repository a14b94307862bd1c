using Multiwan.Configuration;
using Multiwan.System;

namespace Multiwan.Firewall;

/// <summary>
/// <see cref="IIptablesTranslator"/> by Debian's <c>iptables-translate</c> (package iptables), run with an argv list:
/// its <c>nft '...'</c> lines are the translation; a <c>nft # ...</c> line (what it cannot translate) or a non-zero
/// exit is the reason it gives.
/// </summary>
public sealed class IptablesTranslateTool(ICommandRunner runner) : IIptablesTranslator
{
    public static IptablesTranslateTool Default { get; } = new(new ProcessCommandRunner(TimeProvider.System, TimeSpan.FromSeconds(10)));

    public IReadOnlyList<string>? Translate(IReadOnlyList<string> arguments, out string error)
    {
        // Config loading is synchronous; each call is one short process, and no caller has a synchronization context.
        var result = runner.RunAsync(["iptables-translate", .. arguments], null, CancellationToken.None).GetAwaiter().GetResult();
        if (!result.Succeeded)
        {
            var first = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
            error = $"iptables-translate: {first ?? (result.TimedOut ? "timed out" : $"exit {result.ExitCode}")}";
            return null;
        }

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || lines.Any(l => l.StartsWith("nft #", StringComparison.Ordinal) || !l.StartsWith("nft ", StringComparison.Ordinal)))
        {
            error = "iptables-translate cannot translate it";
            return null;
        }

        error = "";
        return [.. lines.Select(l => l[4..].Trim().Trim('\''))];
    }
}
