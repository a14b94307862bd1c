using Multiwan.Configuration;

namespace Multiwan.Cli;

/// <summary>A config that loaded and validated (its warnings already printed), and the file it came from.</summary>
internal sealed record LoadedConfig(string Path, MultiwanConfig Config, IReadOnlyList<ConfigDiagnostic> Warnings);
