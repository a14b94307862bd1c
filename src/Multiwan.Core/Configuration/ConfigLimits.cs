namespace Multiwan.Configuration;

/// <summary>
/// The bounds of a config file (docs/CONFIG.md, "Limits"). Far above any real router's needs, low enough that a
/// hostile or broken file is refused with a line instead of exhausting memory, the stack or the terminal.
/// </summary>
internal static class ConfigLimits
{
    /// <summary>Bytes of a config file.</summary>
    public const int FileBytes = 1024 * 1024;

    /// <summary>Nesting of YAML mappings and lists (the deepest real key is five levels down).</summary>
    public const int Depth = 32;

    /// <summary>Characters of one scalar (a key or a value).</summary>
    public const int ScalarLength = 4096;

    /// <summary>YAML nodes (scalars, lists, mappings) in one file, aliases counted each time they are used.</summary>
    public const int Nodes = 100_000;

    /// <summary>Errors (and, separately, warnings) reported for one file; one more line says the rest were cut.</summary>
    public const int Diagnostics = 100;

    public const int Links = 64;
    public const int TargetsPerLink = 16;
    public const int Lan = 32;
    public const int Policies = 64;
    public const int Rules = 1024;
    public const int MatchesPerRule = 256;
    public const int Webhooks = 16;
    public const int Recipients = 32;
    public const int SshPorts = 16;
    public const int Forwards = 256;

    /// <summary>Tier, down_after, up_after.</summary>
    public const int Count = 1000;

    /// <summary>Probes kept per target for RTT, jitter and loss.</summary>
    public const int Window = 10_000;

    /// <summary>The longest probing interval, timeout, hold-down, aggregate or hook timeout.</summary>
    public static readonly TimeSpan ShortDuration = TimeSpan.FromHours(1);

    /// <summary>The longest long_down or sticky time.</summary>
    public static readonly TimeSpan LongDuration = TimeSpan.FromDays(7);

    public const int MaxPerHour = 3600;
    public const long JournalBytes = 1L << 30;
}
