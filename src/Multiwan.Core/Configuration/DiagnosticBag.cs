using System.Collections;
using System.Globalization;
using Multiwan.Text;

namespace Multiwan.Configuration;

/// <summary>
/// Collects every error and warning of one file; each names the line its path was written on. Values are shown
/// escaped and shortened (<see cref="SafeText"/>), and at most <see cref="ConfigLimits.Diagnostics"/> of each kind are kept,
/// so a hostile file cannot flood the terminal.
/// </summary>
internal sealed class DiagnosticBag(string file, SourceMap map)
{
    private readonly List<ConfigDiagnostic> _errors = [];
    private readonly List<ConfigDiagnostic> _warnings = [];

    public string File { get; } = file;

    public SourceMap Map { get; } = map;

    public IReadOnlyList<ConfigDiagnostic> Errors => _errors;

    public IReadOnlyList<ConfigDiagnostic> Warnings => _warnings;

    public void Error(string path, string message, object? got = null) =>
        Add(_errors, Map.LineOf(path), path, message, got);

    public void Warning(string path, string message, object? got = null) =>
        Add(_warnings, Map.LineOf(path), path, message, got);

    public void ErrorAt(int line, string path, string message, object? got = null) => Add(_errors, line, path, message, got);

    public void WarningAt(int line, string path, string message, object? got = null) => Add(_warnings, line, path, message, got);

    /// <summary>An error in another file read with this one (the Net-ISP-Balance directory, an <c>nft.d</c> snippet).</summary>
    public void ErrorIn(string file, int line, string path, string message, object? got = null) => Add(_errors, line, path, message, got, file);

    /// <summary>A warning in another file read with this one.</summary>
    public void WarningIn(string file, int line, string path, string message, object? got = null) => Add(_warnings, line, path, message, got, file);

    private void Add(List<ConfigDiagnostic> list, int line, string path, string message, object? got, string? file = null)
    {
        file ??= File;
        if (list.Count > ConfigLimits.Diagnostics)
        {
            return;
        }

        var diagnostic = list.Count == ConfigLimits.Diagnostics
            ? new ConfigDiagnostic(File, line, "(file)", $"more than {ConfigLimits.Diagnostics}; the rest are not shown")
            : new ConfigDiagnostic(SafeText.Escape(file), line, SafeText.Show(path), SafeText.Show(message, 4 * SafeText.ShownLength), got is null ? null : SafeText.Show(Show(got)));
        if (!list.Contains(diagnostic))
        {
            list.Add(diagnostic);
        }
    }

    /// <summary>How a value is shown after <c>got</c>: as it would be written in the config.</summary>
    public static string Show(object? value) => value switch
    {
        null => "nothing",
        string { Length: 0 } => "\"\"",
        string text => text,
        TimeSpan span => Duration.Format(span),
        uint mask => $"0x{mask:x}",
        bool flag => flag ? "true" : "false",
        Enum e => SnakeCase.From(e.ToString()),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(Show)),
        _ => value.ToString() ?? "",
    };
}
