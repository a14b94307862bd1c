namespace Multiwan.Configuration;

public sealed record DaemonConfig
{
    /// <summary>The control socket (mode 0600, root only).</summary>
    public string Socket { get; init; } = "/run/multiwan/multiwan.sock";

    /// <summary>Directory of the event journal (JSON lines).</summary>
    public string StateDirectory { get; init; } = "/var/lib/multiwan";

    /// <summary>The journal is rotated at this size (bytes); one rotated file is kept.</summary>
    public long JournalMaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Optional Prometheus metrics listener, e.g. <c>127.0.0.1:9733</c>; off when unset.</summary>
    public string? Metrics { get; init; }
}
