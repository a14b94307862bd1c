using System.Globalization;
using System.Text.Json;

namespace Multiwan.Bench;

/// <summary>
/// Runs one benchmark body: checks root, cleans lab leftovers, bounds the whole run in time (and Ctrl-C), then prints
/// the JSON report and a summary table. The lab itself is built and deleted by the body (<c>await using</c>).
/// </summary>
internal static class BenchRun
{
    public static async Task<int> RunAsync(string name, TimeSpan limit, Func<BenchContext, CancellationToken, Task<IReadOnlyList<BenchFigure>>> body, CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root")
        {
            await Console.Error.WriteLineAsync("multiwan-bench: needs root (network namespaces, nft, ip)").ConfigureAwait(false);
            return 1;
        }

        Multiwan.Lab.LabTopology.CleanupLeftovers();
        var started = TimeProvider.System.GetUtcNow();
        var t0 = TimeProvider.System.GetTimestamp();
        var context = new BenchContext();

        // Cancellation sources: Ctrl-C (System.CommandLine's token) and this benchmark's time bound.
        using var bound = new CancellationTokenSource(limit, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        IReadOnlyList<BenchFigure> figures;
        try
        {
            figures = await body(context, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"multiwan-bench: {name} exceeded its bound of {limit.TotalSeconds:0} s").ConfigureAwait(false);
            return 1;
        }

        var report = new BenchReport
        {
            Benchmark = name,
            Command = "bash scripts/bench.sh " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            Started = started,
            Seconds = Math.Round(TimeProvider.System.GetElapsedTime(t0).TotalSeconds, 1),
            Figures = figures,
            Notes = context.Notes,
        };
        Console.WriteLine(JsonSerializer.Serialize(report, BenchJsonContext.Default.BenchReport));
        PrintTable(report);
        return figures.Any(f => f.Met == false) ? 3 : 0;
    }

    private static void PrintTable(BenchReport report)
    {
        Console.WriteLine();
        Console.WriteLine($"{report.Benchmark} ({report.Seconds.ToString(CultureInfo.InvariantCulture)} s)");
        var width = Math.Max(6, report.Figures.Max(f => f.Name.Length));
        Console.WriteLine($"  {"figure".PadRight(width)}  {"value",12}  {"target",-12}  met");
        foreach (var f in report.Figures)
        {
            var value = $"{Format(f.Value)} {f.Unit}";
            var met = f.Met switch { true => "yes", false => "NO", null => "" };
            Console.WriteLine($"  {f.Name.PadRight(width)}  {value,12}  {f.Target ?? "",-12}  {met}");
        }

        foreach (var note in report.Notes)
        {
            Console.WriteLine($"  note: {note}");
        }
    }

    public static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.###", CultureInfo.InvariantCulture);
}
