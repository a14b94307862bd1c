using System.CommandLine;
using System.Globalization;
using Multiwan.Lab;

namespace Multiwan.Bench;

/// <summary>
/// <c>resources</c>: the daemon's resident memory and CPU while idle (links healthy, only probing), read from
/// <c>/proc/PID/status</c> (VmRSS, VmHWM, and its RssAnon/RssFile/RssShmem parts) and <c>/proc/PID/stat</c> (utime + stime over the window), for
/// 3 links × 3 targets and 16 links × 4 targets (one ISP namespace per link).
/// </summary>
internal static class ResourcesBench
{
    private const double ClockTicks = 100; // USER_HZ on Linux.

    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { Description = "Measurement window per scenario (after 10 s settling)", DefaultValueFactory = _ => 60 };
        var env = new Option<string[]>("--env") { Description = "KEY=VALUE environment for the daemon (e.g. DOTNET_GCgen0size=400000: hexadecimal digits without 0x, which the native binary ignores)", AllowMultipleArgumentsPerToken = true };
        var smaps = new Option<string?>("--smaps") { Description = "Directory to copy each daemon's /proc/PID/smaps into at the end of its window (3x3.smaps, 16x4.smaps)" };
        var command = new Command("resources", "Daemon RSS and CPU idle: 3 links x 3 targets (target: <= 15 MB, <= 1 % CPU) and 16 links x 4 targets (<= 20 MB)") { seconds, env, smaps };
        command.SetAction((pr, ct) =>
        {
            var environment = (pr.GetValue(env) ?? []).Select(e => e.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
            return BenchRun.RunAsync("resources", TimeSpan.FromMinutes(10), (context, token) => RunAsync(context, pr.GetValue(seconds), environment, pr.GetValue(smaps), token), ct);
        });
        return command;
    }

    private static async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchContext context, int seconds, Dictionary<string, string> environment, string? smapsDirectory, CancellationToken cancellationToken)
    {
        var figures = new List<BenchFigure>();
        foreach (var (key, value) in environment)
        {
            context.Note($"daemon environment {key}={value}");
        }

        foreach (var (links, targets) in new[] { (3, 3), (16, 4) })
        {
            await using var bench = await DaemonBench.StartAsync(new LabOptions { Isps = links, Targets = targets, Responders = false },
                new LabDaemonSettings { TargetsPerLink = targets, Environment = environment }, cancellationToken).ConfigureAwait(false);
            var pid = bench.Daemon.ProcessId;
            context.Note($"{links}x{targets}: daemon pid {pid} ({File.ReadAllText($"/proc/{pid}/comm").Trim()})");
            await Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var cpu0 = CpuTicks(pid);
            var t0 = TimeProvider.System.GetTimestamp();
            BenchContext.Progress($"{links} links x {targets} targets: measuring {seconds} s");
            await Task.Delay(TimeSpan.FromSeconds(seconds), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            var cpu = (CpuTicks(pid) - cpu0) / ClockTicks / TimeProvider.System.GetElapsedTime(t0).TotalSeconds * 100;
            var rss = StatusKb(pid, "VmRSS") / 1024.0;
            if (smapsDirectory is not null)
            {
                Directory.CreateDirectory(smapsDirectory);
                var copy = Path.Combine(smapsDirectory, $"{links}x{targets}.smaps");
                File.WriteAllText(copy, File.ReadAllText($"/proc/{pid}/smaps"));
                context.Note($"{links}x{targets}: smaps in {copy}");
            }

            var peak = StatusKb(pid, "VmHWM") / 1024.0;
            var idle = links == 3;
            figures.Add(new BenchFigure($"{links}x{targets} RSS", Math.Round(rss, 1), "MB", idle ? "<= 15 MB" : "<= 20 MB", rss <= (idle ? 15 : 20)));
            figures.Add(new BenchFigure($"{links}x{targets} RSS peak (VmHWM)", Math.Round(peak, 1), "MB"));
            figures.Add(new BenchFigure($"{links}x{targets} RssAnon (private heap, stacks)", Math.Round(StatusKb(pid, "RssAnon") / 1024.0, 1), "MB"));
            figures.Add(new BenchFigure($"{links}x{targets} RssFile (mapped runtime files)", Math.Round(StatusKb(pid, "RssFile") / 1024.0, 1), "MB"));
            figures.Add(new BenchFigure($"{links}x{targets} RssShmem", Math.Round(StatusKb(pid, "RssShmem") / 1024.0, 1), "MB"));
            figures.Add(new BenchFigure($"{links}x{targets} CPU", Math.Round(cpu, 2), "% core", idle ? "<= 1 %" : null, idle ? cpu <= 1 : null));
        }

        return figures;
    }

    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture); // utime, stime
    }

    private static long StatusKb(int pid, string key)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
