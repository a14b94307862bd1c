using System.CommandLine;
using Multiwan.Control;
using Multiwan.Lab;
using Multiwan.Tracking;

namespace Multiwan.Bench;

/// <summary>
/// <c>false-alarms</c>: default health settings, balanced; N minutes of random loss on ISP1 (nft numgen drop on
/// everything ISP1 forwards, both directions) at each loss level; counts the daemon's state changes in that window
/// from its event history (<c>events</c> over the control socket). Defaults to 10 minutes per level, so it is only
/// ever run on purpose.
/// </summary>
internal static class FalseAlarmBench
{
    public static Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Minutes per loss level", DefaultValueFactory = _ => 10 };
        var levels = new Option<int[]>("--loss") { Description = "Loss levels in percent", DefaultValueFactory = _ => [10, 20], AllowMultipleArgumentsPerToken = true };
        var command = new Command("false-alarms", "State changes during N minutes of 10 % and 20 % random loss on one ISP (target: 0 at 10 %)") { minutes, levels };
        command.SetAction((pr, ct) =>
        {
            var m = pr.GetValue(minutes);
            var l = pr.GetValue(levels) ?? [];
            return BenchRun.RunAsync("false-alarms", TimeSpan.FromMinutes((m * l.Length) + 5), (context, token) => RunAsync(context, m, l, token), ct);
        });
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, double minutes, int[] levels, CancellationToken cancellationToken)
    {
        await using var bench = await DaemonBench.StartAsync(new LabOptions { Isps = 2, Targets = 3 }, new LabDaemonSettings(), cancellationToken).ConfigureAwait(false);
        var figures = new List<BenchFigure>();
        foreach (var loss in levels)
        {
            await bench.WaitAllOnlineAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var start = TimeProvider.System.GetUtcNow();
            await bench.Lab.Faults.SetLossAsync(1, loss, cancellationToken).ConfigureAwait(false);
            BenchContext.Progress($"{loss} % loss on ISP1 for {minutes} min");
            await Task.Delay(TimeSpan.FromMinutes(minutes), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await bench.Lab.Faults.SetLossAsync(1, 0, cancellationToken).ConfigureAwait(false);

            var response = await bench.Daemon.Client.RequestAsync(new ControlRequest { Command = "events", Since = start }, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (!response.Ok || response.Events is null)
            {
                throw new LabException($"bench: events request failed: {response.Error}");
            }

            var changes = response.Events.Where(e => e.OldState is not null && e.NewState is not null && e.OldState != e.NewState && e.Timestamp >= start).ToList();
            foreach (var change in changes)
            {
                context.Note($"{loss} %: {change.Timestamp:HH:mm:ss.fff} {change.Link} {change.OldState} -> {change.NewState} ({change.Reason})");
            }

            var wan1 = changes.Count(e => e.Link == "wan1");
            // Offline, or newly degraded (a return from a disconnecting blip to degraded is not a new degradation).
            var traffic = changes.Count(e => e.Link == "wan1"
                && (e.NewState == LinkState.Offline || (e.NewState == LinkState.Degraded && e.OldState != LinkState.Disconnecting)));
            figures.Add(new BenchFigure($"{loss} % loss, {minutes} min: wan1 state changes (all)", wan1, "n", loss <= 10 ? "0" : null, loss <= 10 ? wan1 == 0 : null));
            figures.Add(new BenchFigure($"{loss} % loss, {minutes} min: wan1 to offline or degraded", traffic, "n", loss <= 10 ? "0" : null, loss <= 10 ? traffic == 0 : null));
            figures.Add(new BenchFigure($"{loss} % loss, {minutes} min: wan2 state changes", changes.Count(e => e.Link == "wan2"), "n"));
        }

        return figures;
    }
}
