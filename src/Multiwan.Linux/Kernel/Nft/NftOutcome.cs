namespace Multiwan.Kernel.Nft;

/// <summary>What libnftables returned for one run: its return code, the buffered output and the buffered error text.</summary>
public sealed partial record NftOutcome(int Code, string Output, string ErrorText)
{
    public bool Succeeded => Code == 0;

    /// <summary>
    /// One line for an error message, as <c>nft -f -</c> would report it: the library's first error line and the
    /// failing script line it quotes (<c>`nft -f -` exit 1: &lt;cmdline&gt;:3:1-5: Error: ...: add tabel ...</c>).
    /// </summary>
    public string Describe(string command)
    {
        // A transaction's errors are located as "/proc/self/fd/N:LINE:COLUMNS: Error: ..."; the file is ours, the line is the news.
        var text = OurFile().Replace(ErrorText, "line ");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.FirstOrDefault(l => l.Contains("Error:", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? "";
        var index = Array.IndexOf(lines, error);
        var failing = index >= 0 && index + 1 < lines.Length && !lines[index + 1].StartsWith('^') ? lines[index + 1] : null;
        // The library returns -1 on failure; nft itself exits 1 (EXIT_FAILURE) for it, and that is what we report.
        return $"`{command}` exit {(Code == 0 ? 0 : 1)}{(error.Length > 0 ? ": " + error : "")}{(failing is null ? "" : ": " + failing)}";
    }

    [global::System.Text.RegularExpressions.GeneratedRegex(@"/proc/self/fd/\d+:")]
    private static partial global::System.Text.RegularExpressions.Regex OurFile();
}
