namespace Multiwan.Configuration;

/// <summary>One configuration error or warning: <c>file:line: path: message (got X)</c>.</summary>
public sealed record ConfigDiagnostic(string File, int Line, string Path, string Message, string? Got = null)
{
    public override string ToString() =>
        $"{File}:{Line}: {Path}: {Message}{(Got is null ? "" : $" (got {Got})")}";
}

/// <summary>The outcome of loading a config file: the config when there is no error, and every error and warning at once.</summary>
public sealed record ConfigLoadResult(MultiwanConfig? Config, IReadOnlyList<ConfigDiagnostic> Errors, IReadOnlyList<ConfigDiagnostic> Warnings)
{
    public bool IsValid => Config is not null && Errors.Count == 0;
}
