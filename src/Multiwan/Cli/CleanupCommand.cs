using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.System;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan cleanup [--config F]</c>: remove exactly what multiwan owns — table inet multiwan and every route and
/// rule tagged with the configured protocol id — and print each change as <c>[#] ...</c>. Nothing else is touched.
/// </summary>
internal static class CleanupCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var command = new Command("cleanup", "Remove every kernel object multiwan owns (its nft table, its routes and rules); nothing else")
        {
            config,
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(config)!, ProcessCommandRunner.Default, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string path, ICommandRunner runner, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigLoader.Load(path);
        if (!loaded.IsValid)
        {
            CheckCommand.PrintDiagnostics(loaded, error);
            error.WriteLine($"multiwan: {path}: {CheckCommand.Plural(loaded.Errors.Count, "error")}; the protocol id to clean up comes from it, nothing removed");
            return Cli.Failure;
        }

        var applier = new KernelApplier(runner, loaded.Config!.Kernel, NullLogger.Instance);
        var result = await applier.CleanupAsync(cancellationToken).ConfigureAwait(false);
        foreach (var change in result.Changes)
        {
            output.WriteLine($"[#] {change}");
        }

        if (!result.Succeeded)
        {
            error.WriteLine($"multiwan: cleanup failed: {result.Error}");
            return Cli.Failure;
        }

        return Cli.Ok;
    }
}
