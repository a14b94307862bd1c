using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

public sealed record DaemonConfig
{
    internal static RecordShape<DaemonConfig> Schema { get; } = new RecordShape<DaemonConfig>(_ => new DaemonConfig())
        .Key("socket", Scalars.Text, c => c.Socket, (c, v) => c with { Socket = v })
        .Key("state_directory", Scalars.Text, c => c.StateDirectory, (c, v) => c with { StateDirectory = v })
        .Key("journal_max_bytes", Scalars.Long, c => c.JournalMaxBytes, (c, v) => c with { JournalMaxBytes = v })
        .Optional("metrics", Scalars.Text, c => c.Metrics, (c, v) => c with { Metrics = v });

    /// <summary>The control socket (mode 0600, root only).</summary>
    public string Socket { get; init; } = "/run/multiwan/multiwan.sock";

    /// <summary>Directory of the event journal (JSON lines).</summary>
    public string StateDirectory { get; init; } = "/var/lib/multiwan";

    /// <summary>The journal is rotated at this size (bytes); one rotated file is kept.</summary>
    public long JournalMaxBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Optional Prometheus metrics listener, e.g. <c>127.0.0.1:9733</c>; off when unset.</summary>
    public string? Metrics { get; init; }
}
