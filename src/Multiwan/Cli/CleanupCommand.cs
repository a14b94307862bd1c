using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Kernel;

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
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(config)!, Cli.Output(parsed), Cli.Errors(parsed), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (ConfigInput.Load(path, error, "the protocol id to clean up comes from it, nothing removed", out var exitCode) is not { } loaded)
        {
            return exitCode;
        }

        using var kernel = LinuxKernelIo.TryOpen(out var kernelError);
        if (kernel is null)
        {
            error.WriteLine($"multiwan: {kernelError}");
            return Cli.Failure;
        }

        var applier = new KernelApplier(kernel, loaded.Config.Kernel, NullLogger.Instance);
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
