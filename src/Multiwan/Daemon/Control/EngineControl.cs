using Multiwan.Control;
using Multiwan.Events;

namespace Multiwan.Daemon;

/// <summary>
/// The engine as the control socket's handler. History (<c>events</c>, <c>report</c>) is read from the journal and the
/// view the loop publishes; everything about the live state (<c>status</c>, <c>link</c>, <c>reload</c>, <c>stop</c>,
/// metrics) is a message to the loop, answered from the loop.
/// </summary>
internal sealed class EngineControl(Action<EngineMessage> post, Func<EngineView> view, EventJournal journal, TimeProvider time)
{
    public async Task<ControlResponse> HandleAsync(ControlCommand command, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case ControlCommand.Events events:
                return new ControlResponse { Ok = true, Events = journal.Read(events.Since) };
            case ControlCommand.Report report:
                var now = time.GetUtcNow();
                var links = view().Config.Links.Select(l => l.Name);
                return new ControlResponse { Ok = true, Report = ReportBuilder.Build(journal.Read(), report.Since ?? now.AddDays(-7), now, links) };
            case ControlCommand.Monitor:
                return ControlResponse.Fail("monitor is a stream: the control socket serves it");
            default:
                var reply = new TaskCompletionSource<ControlResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
                post(command switch
                {
                    ControlCommand.Reload => new EngineMessage.Reload(reply),
                    ControlCommand.Stop stop => new EngineMessage.Stop(stop.Cleanup, reply),
                    _ => new EngineMessage.Control(command, reply),
                });
                return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The Prometheus text, rendered on the loop (for <c>daemon.metrics</c>).</summary>
    public async Task<string> MetricsAsync(CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        post(new EngineMessage.Metrics(reply));
        return await reply.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
