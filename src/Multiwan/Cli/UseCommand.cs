using System.CommandLine;
using System.Diagnostics;
using Multiwan.Configuration;
using Multiwan.Identities;
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
        command.SetAction((parsed, cancellationToken) => RunAsync(
            parsed.GetValue(config)!, parsed.GetValue(link)!, parsed.GetValue(argv)!, Cli.Errors(parsed), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string configPath, string linkName, IReadOnlyList<string> argv, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigInput.Load(configPath, error, "nothing run", out var exitCode, c => LinkNameMatch.Find(c.Links.Select(l => l.Name), linkName, out _) is not null
            ? null
            : $"no link named {linkName} in {configPath} (links: {string.Join(", ", c.Links.Select(l => l.Name))})");
        if (loaded is null)
        {
            return exitCode;
        }

        var config = loaded.Config;
        var name = LinkNameMatch.Find(config.Links.Select(l => l.Name), linkName, out _)!; // Matched without regard to case.

        // The link's mark as the daemon gives it (its slot in the state directory; its ip rule routes the mark by the link's table).
        var (slots, slotError) = IdentityStore.ReadOnly(config.Daemon.StateDirectory).Assign(config);
        if (slots is null)
        {
            return Cli.Error(error, slotError!);
        }

        var (scope, scopeError) = UseScope.ForThisProcess(ProcessCommandRunner.Default, error);
        if (scope is null)
        {
            return Cli.Error(error, $"use: {scopeError}");
        }

        await scope.SweepStaleAsync().ConfigureAwait(false);
        var mark = slots.MarkOf(config.Kernel, name);
        if (await scope.CreateAsync(mark, config.Kernel.MarkMask, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            await scope.RemoveAsync().ConfigureAwait(false);
            return Cli.Error(error, $"use: could not install the mark rule: {failure}");
        }

        try
        {
            return await RunInScopeAsync(scope, argv, error).ConfigureAwait(false);
        }
        finally
        {
            if (await scope.RemoveAsync().ConfigureAwait(false) is { } left)
            {
                Cli.Error(error, $"use: {left}");
            }
        }
    }

    /// <summary>
    /// This process enters the cgroup, starts the command (which inherits it) and leaves again at once, so the
    /// command's first socket is already marked; Ctrl-C reaches the command (same process group) and the scope goes once it has exited.
    /// </summary>
    private static async Task<int> RunInScopeAsync(UseScope scope, IReadOnlyList<string> argv, TextWriter error)
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
            return Cli.Error(error, $"use: {argv[0]}: {e.Message}");
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
