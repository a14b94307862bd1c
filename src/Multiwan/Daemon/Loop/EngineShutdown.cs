using Multiwan.Configuration;
using Multiwan.Control;
using Multiwan.Events;
using Multiwan.Kernel;

namespace Multiwan.Daemon;

/// <summary>The loop's last step: stops probes, timers and sinks; with cleanup removes every kernel object; journals the stop.</summary>
internal static class EngineShutdown
{
    /// <returns>The answer for whoever asked for the stop.</returns>
    public static async Task<ControlResponse> RunAsync(EngineMessage.Stop stop, MultiwanConfig config, LinkSet links, KernelSync kernel, EventFanout events, EngineServices services)
    {
        DaemonLog.Stopping(services.Logger, stop.Cleanup ? " and removing every kernel object multiwan owns" : " (kernel state left in place)");
        services.Systemd.Stopping();
        kernel.Dispose();
        await links.StopAllAsync().ConfigureAwait(false);
        var message = "stopped; kernel state left in place (traffic keeps flowing)";
        var ok = true;
        if (stop.Cleanup)
        {
            (ok, message) = await CleanupAsync(config, kernel, services).ConfigureAwait(false);
        }

        events.Publish(new LinkEvent { Timestamp = services.TimeProvider.GetUtcNow(), Kind = EventKind.DaemonStop, Reason = message }, sinks: false);
        await events.DisposeAsync().ConfigureAwait(false);
        return ok ? ControlResponse.Done(message) : ControlResponse.Fail(message);
    }

    private static async Task<(bool Ok, string Message)> CleanupAsync(MultiwanConfig config, KernelSync kernel, EngineServices services)
    {
        ApplyResult result;
        try
        {
            result = await kernel.CleanupAsync(config).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Still stop cleanly and answer the operator; what is left can be removed with `multiwan cleanup`.
            result = ApplyResult.Failed($"{e.GetType().Name}: {e.Message}", []);
        }

        if (!result.Succeeded)
        {
            DaemonLog.CleanupFailed(services.Logger, result.Error ?? "unknown error");
            return (false, $"stopped, but cleanup failed: {result.Error}");
        }

        return (true, $"stopped; removed multiwan's kernel state ({result.Changes.Count} change(s))");
    }
}
