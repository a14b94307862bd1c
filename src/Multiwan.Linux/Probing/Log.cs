using Microsoft.Extensions.Logging;
using Multiwan.Tracking;

namespace Multiwan.Probing;

/// <summary>Probing log messages (event ids 3000-3099).</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Debug, "{Link}: probe {Target} ({Binding}, timeout {TimeoutMs} ms): {Outcome}")]
    public static partial void Probed(ILogger logger, string link, string target, LinkBinding binding, double timeoutMs, ProbeOutcome outcome);

    [LoggerMessage(3001, LogLevel.Information, "{Link}: prober started for {Targets} target(s), {Binding}")]
    public static partial void ProberStarted(ILogger logger, string link, int targets, LinkBinding binding);

    [LoggerMessage(3002, LogLevel.Error, "{Link}: probe {Target} failed unexpectedly")]
    public static partial void ProbeCrashed(ILogger logger, Exception exception, string link, string target);
}
