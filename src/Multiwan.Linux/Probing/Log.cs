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

    [LoggerMessage(3010, LogLevel.Information, "{Device}: target {Host} resolved to {Address} (was {Before}; asked again in {TtlSeconds} s)")]
    public static partial void TargetResolved(ILogger logger, string device, string host, string before, string address, double ttlSeconds);

    [LoggerMessage(3011, LogLevel.Warning, "{Device}: target {Host} does not resolve: {Reason}; it counts as failing")]
    public static partial void TargetUnresolved(ILogger logger, string device, string host, string reason);

    [LoggerMessage(3012, LogLevel.Warning, "{Device}: target {Host} does not resolve again ({Reason}); probing its last address {Address}, asking again in {RetrySeconds} s")]
    public static partial void TargetServedStale(ILogger logger, string device, string host, string address, string reason, double retrySeconds);

    [LoggerMessage(3002, LogLevel.Error, "{Link}: probe {Target} failed unexpectedly")]
    public static partial void ProbeCrashed(ILogger logger, Exception exception, string link, string target);
}
