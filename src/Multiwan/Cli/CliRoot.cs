using System.CommandLine;

namespace Multiwan.Cli;

/// <summary>
/// The whole command line: builds <c>multiwan</c> with every subcommand and runs one invocation with the writers it
/// is given (Program passes stdout and stderr; tests pass their own and run commands in-process).
/// </summary>
internal static class CliRoot
{
    public static RootCommand Create()
    {
        var root = new RootCommand("multiwan: balance and fail over traffic across several Internet uplinks");
        foreach (var command in CommandCatalog.All())
        {
            root.Subcommands.Add(command);
        }

        StatusCommand.Attach(root);
        return root;
    }

    /// <param name="ownsProcess">True for the real process: Ctrl-C and SIGTERM cancel the command (System.CommandLine's handling).</param>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, bool ownsProcess, CancellationToken cancellationToken = default)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return Task.FromResult(Cli.Error(error, $"{parsed.Errors[0].Message} (see 'multiwan --help')", Cli.Usage));
        }

        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (!ownsProcess)
        {
            invocation.ProcessTerminationTimeout = null;
        }

        return parsed.InvokeAsync(invocation, cancellationToken);
    }
}
