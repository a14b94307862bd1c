using System.CommandLine;
using System.Diagnostics;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.System;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan use LINK -- CMD [ARGS]</c>: runs one command whose traffic leaves by one link (like <c>mwan3 use</c>,
/// without its LD_PRELOAD): the command runs in a cgroup of its own and an nft rule marks every socket created
/// there with the link's mark (<see cref="UseScope"/>); both are removed when it exits. Exits with the command's code.
/// </summary>
internal static class UseCommand
{
    public static Command Create()
    {
        var link = new Argument<string>("link") { Description = "The link the command's traffic must use, by name" };
        var argv = new Argument<string[]>("command") { Description = "The command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        var config = Cli.ConfigOption();
        var command = new Command("use", "Run one command whose traffic leaves by one link")
        {
            link, argv, config,
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(parsed.GetValue(config)!, parsed.GetValue(link)!, parsed.GetValue(argv)!, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string configPath, string linkName, IReadOnlyList<string> argv, CancellationToken cancellationToken)
    {
        var loaded = ConfigLoader.Load(configPath);
        CheckCommand.PrintDiagnostics(loaded with { Warnings = [] }, Console.Error);
        if (!loaded.IsValid)
        {
            return Cli.Error($"{configPath}: {CheckCommand.Plural(loaded.Errors.Count, "error")}");
        }

        var config = loaded.Config!;
        var index = config.Links.ToList().FindIndex(l => l.Name == linkName);
        if (index < 0)
        {
            return Cli.Error($"no link named {linkName} in {configPath} (links: {string.Join(", ", config.Links.Select(l => l.Name))})", Cli.Usage);
        }

        var (scope, error) = UseScope.ForThisProcess(ProcessCommandRunner.Default, Console.Error);
        if (scope is null)
        {
            return Cli.Error($"use: {error}");
        }

        // The link's mark as the daemon gives it (its ip rule routes the mark by the link's table).
        var mark = LinkResolver.MarkOf(config.Kernel, index);
        if (await scope.CreateAsync(mark, config.Kernel.MarkMask, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            await scope.RemoveAsync().ConfigureAwait(false);
            return Cli.Error($"use: could not install the mark rule: {failure}");
        }

        try
        {
            return await RunInScopeAsync(scope, argv).ConfigureAwait(false);
        }
        finally
        {
            if (await scope.RemoveAsync().ConfigureAwait(false) is { } left)
            {
                Console.Error.WriteLine($"multiwan: use: {left}");
            }
        }
    }

    /// <summary>
    /// This process enters the cgroup, starts the command (which inherits it) and leaves again at once, so the
    /// command's first socket is already marked; Ctrl-C reaches the command (same process group) and the scope goes once it has exited.
    /// </summary>
    private static async Task<int> RunInScopeAsync(UseScope scope, IReadOnlyList<string> argv)
    {
        var original = scope.CurrentDirectory();
        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
        foreach (var argument in argv.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Process child;
        scope.Enter(Environment.ProcessId);
        try
        {
            child = Process.Start(start) ?? throw new InvalidOperationException($"could not start {argv[0]}");
        }
        catch (Exception e) when (e is global::System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return Cli.Error($"use: {argv[0]}: {e.Message}");
        }
        finally
        {
            UseScope.Leave(Environment.ProcessId, original);
        }

        using (child)
        {
            // Not cancelled by Ctrl-C: the command gets the signal itself; the scope is removed once it has exited.
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return child.ExitCode;
        }
    }
}
