using System.CommandLine;
using Multiwan.Bench;

var root = new RootCommand("multiwan benchmarks: each builds its own namespace lab, measures, prints JSON and a summary table, and deletes the lab (run as root)");
foreach (var command in BenchCatalog.All())
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync($"multiwan-bench: {parsed.Errors[0].Message} (see --help)").ConfigureAwait(false);
    return 2;
}

return await parsed.InvokeAsync().ConfigureAwait(false);
