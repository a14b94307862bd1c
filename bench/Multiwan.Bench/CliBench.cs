using System.CommandLine;
using System.Diagnostics;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// <c>cli</c>: what an operator waits for, as whole processes (fork, exec, runtime start, work, exit): the wall time of
/// <c>multiwan status</c> against a running daemon (3 links × 3 targets) and of <c>multiwan check</c> on
/// examples/balanced.yaml; <c>run</c> start to first apply (status no longer <c>starting</c>) with healthy links; a restart
/// after <c>kill -9</c> to its first status answer (<see cref="RestartTimer"/>, as many as <c>--starts</c>); the binary's size. Runs <c>$MULTIWAN_BIN</c> (the native build) when set, else <c>dotnet multiwan.dll</c>.
/// </summary>
internal static class CliBench
{
    public static Command Create()
    {
        var runs = new Option<int>("--runs") { Description = "Runs of each command (median reported)", DefaultValueFactory = _ => 30 };
        var starts = new Option<int>("--starts") { Description = "Daemon starts measured (start to first apply), and restarts after kill -9", DefaultValueFactory = _ => 3 };
        var command = new Command("cli", "Wall time of status and check, run start to first apply, restart after kill -9 to status, binary size (targets: <= 10 ms, <= 15 ms, <= 2 s, <= 25 MB)") { runs, starts };
        command.SetAction((pr, ct) => BenchRun.RunAsync("cli", TimeSpan.FromMinutes(10), (context, token) => RunAsync(context, pr.GetValue(runs), pr.GetValue(starts), token), ct));
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, int runs, int starts, CancellationToken cancellationToken)
    {
        var multiwan = MultiwanBinary.Command(AppContext.BaseDirectory);
        context.Note($"multiwan = {string.Join(' ', multiwan)}");
        var example = Path.Combine(AppContext.BaseDirectory, "balanced.yaml");
        var figures = new List<BenchFigure>();

        await using var lab = await LabTopology.CreateAsync(new LabOptions { Isps = 3, Targets = 3, Responders = false }, cancellationToken).ConfigureAwait(false);
        var firstApply = new List<double>();
        for (var i = 0; i < starts; i++)
        {
            BenchContext.Progress($"daemon start {i + 1}/{starts}: waiting for the first apply");
            var t0 = TimeProvider.System.GetTimestamp();
            await using var daemon = await LabDaemon.StartAsync(lab, new LabDaemonSettings { TargetsPerLink = 3 }, multiwan, cancellationToken).ConfigureAwait(false);
            // status says `starting: true` until the first apply, and leaves the field out afterwards.
            while (await daemon.StatusAsync(cancellationToken).ConfigureAwait(false) is null or { Starting: true })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }

            firstApply.Add(TimeProvider.System.GetElapsedTime(t0).TotalMilliseconds);
            if (i == starts - 1)
            {
                BenchContext.Progress($"status x {runs}");
                var status = await WallAsync(multiwan, ["status", "--socket", daemon.SocketPath], runs, cancellationToken).ConfigureAwait(false);
                figures.Add(new BenchFigure("status wall median", Math.Round(Stats.Median(status), 2), "ms", "<= 10 ms", Stats.Median(status) <= 10));
                figures.Add(new BenchFigure("status wall max", Math.Round(status.Max(), 2), "ms"));
                BenchContext.Progress($"kill -9 and restart x {starts}");
                var restart = await RestartTimer.MeasureAsync(lab, daemon, multiwan, starts, cancellationToken).ConfigureAwait(false);
                var median = Stats.Median(restart);
                figures.Add(new BenchFigure("restart after kill -9 to first status answer, median", Math.Round(median, 0), "ms", "<= 2000 ms", median <= 2000));
                figures.Add(new BenchFigure("restart after kill -9 to first status answer, max", Math.Round(restart.Max(), 0), "ms"));
            }
        }

        figures.Add(new BenchFigure("run start to first apply, median", Math.Round(Stats.Median(firstApply), 0), "ms"));
        BenchContext.Progress($"check x {runs}");
        var check = await WallAsync(multiwan, ["check", "--config", example], runs, cancellationToken).ConfigureAwait(false);
        figures.Add(new BenchFigure("check wall median", Math.Round(Stats.Median(check), 2), "ms", "<= 15 ms", Stats.Median(check) <= 15));
        figures.Add(new BenchFigure("check wall max", Math.Round(check.Max(), 2), "ms"));
        if (multiwan.Count == 1)
        {
            var size = new FileInfo(multiwan[0]).Length / 1024.0 / 1024.0;
            figures.Add(new BenchFigure("binary size", Math.Round(size, 1), "MB", "<= 25 MB", size <= 25));
        }

        return figures;
    }

    /// <summary>Wall time of whole runs of multiwan, from before the fork to after the exit; a failed run stops the bench.</summary>
    private static async Task<List<double>> WallAsync(IReadOnlyList<string> multiwan, IReadOnlyList<string> arguments, int runs, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo(multiwan[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (string[])[.. multiwan.Skip(1), .. arguments])
            {
                start.ArgumentList.Add(a);
            }

            var t0 = TimeProvider.System.GetTimestamp();
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            samples.Add(TimeProvider.System.GetElapsedTime(t0).TotalMilliseconds);
            if (process.ExitCode != 0)
            {
                throw new LabException($"bench: multiwan {string.Join(' ', arguments)} exited {process.ExitCode}: {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
            }
        }

        return samples;
    }
}
