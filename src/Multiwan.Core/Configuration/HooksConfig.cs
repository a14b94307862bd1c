using Multiwan.Configuration.Schema;

namespace Multiwan.Configuration;

/// <summary>Event scripts: executables in <c>up.d</c>, <c>down.d</c>, <c>long_down.d</c>, <c>connecting.d</c>, <c>disconnecting.d</c>, <c>degraded.d</c> below <see cref="Directory"/>.</summary>
public sealed record HooksConfig
{
    internal static RecordShape<HooksConfig> Schema { get; } = new RecordShape<HooksConfig>(_ => new HooksConfig())
        .Key("directory", Scalars.Text, c => c.Directory, (c, v) => c with { Directory = v })
        .Key("timeout", Scalars.Duration, c => c.Timeout, (c, v) => c with { Timeout = v })
        .Key("lsm_arguments", Scalars.Bool, c => c.LsmArguments, (c, v) => c with { LsmArguments = v })
        .Optional("pre_run", Scalars.Text, c => c.PreRun, (c, v) => c with { PreRun = v })
        .Optional("post_run", Scalars.Text, c => c.PostRun, (c, v) => c with { PostRun = v });

    public string Directory { get; init; } = "/etc/multiwan/hooks";

    /// <summary>A hook still running after this is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Also pass lsm's 16 positional event-script arguments (Net-ISP-Balance scripts keep working).</summary>
    public bool LsmArguments { get; init; }

    /// <summary>A directory whose executables run once at start, before the first kernel apply (Net-ISP-Balance's <c>balance/pre-run</c>).</summary>
    public string? PreRun { get; init; }

    /// <summary>A directory whose executables run once, after the first kernel apply that succeeded (Net-ISP-Balance's <c>balance/post-run</c>).</summary>
    public string? PostRun { get; init; }
}
