using Microsoft.Extensions.Logging;
using Multiwan.Configuration;

namespace Multiwan.Hooks;

/// <summary>
/// Net-ISP-Balance's <c>pre-run</c> and <c>post-run</c>: <c>hooks.pre_run</c> runs once when the daemon starts, before its
/// first kernel apply (the apply waits for it); <c>hooks.post_run</c> runs once after the first apply that succeeded,
/// on its own task, so it never delays detection or a later apply. Each script gets no arguments and
/// <c>MULTIWAN_EVENT=pre-run</c> or <c>post-run</c>, under the rules of the event hooks (docs/HOOKS.md).
/// </summary>
public sealed class StageScripts(ILogger logger, TimeProvider time) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private bool _preRunDone;
    private Task? _postRun;

    /// <summary>Runs the pre-run scripts the first time it is called; later calls return at once.</summary>
    public async Task PreRunAsync(HooksConfig hooks, CancellationToken cancellationToken)
    {
        if (_preRunDone)
        {
            return;
        }

        _preRunDone = true;
        await RunAsync(hooks.PreRun, "pre-run", hooks, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts the post-run scripts the first time it is called (after the first successful apply).</summary>
    public void StartPostRun(HooksConfig hooks) => _postRun ??= RunAsync(hooks.PostRun, "post-run", hooks, _stopping.Token);

    /// <summary>The post-run scripts, once started; a completed task before.</summary>
    public Task PostRun => _postRun ?? Task.CompletedTask;

    /// <summary>Kills post-run scripts still running (stopping).</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        if (PostRun.IsCompleted)
        {
            _stopping.Dispose(); // Else the running task still links to it; it is collected with the task.
        }
    }

    private async Task RunAsync(string? directory, string stage, HooksConfig hooks, CancellationToken cancellationToken)
    {
        if (directory is null)
        {
            return;
        }

        var call = new HookCall(stage, "", [], new Dictionary<string, string> { ["MULTIWAN_EVENT"] = stage });
        await HookDirectory.RunAsync([directory], directory, call, hooks.Timeout, time, logger, cancellationToken).ConfigureAwait(false);
    }
}
