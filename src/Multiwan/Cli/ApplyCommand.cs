using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Identities;
using Multiwan.Kernel;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan apply [--config F] [--assume LINK=STATE ...]</c>: one shot — read the interface facts, plan for the
/// assumed link states (every link up otherwise), check for collisions, apply, and print each change as
/// <c>[#] ...</c>. The conntrack entries of links assumed down are deleted (only theirs).
/// </summary>
internal static class ApplyCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var assume = Cli.AssumeOption();
        var command = new Command("apply", "Program the kernel once for the config and assumed link states (no daemon; prints [#] for every change)")
        {
            config, assume,
        };
        command.SetAction((parsed, cancellationToken) => RunAsync(
            parsed.GetValue(config)!, parsed.GetValue(assume) ?? [], Cli.Output(parsed), Cli.Errors(parsed), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        string path, IReadOnlyList<string> assume, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigInput.Load(path, error, "nothing applied", out var exitCode, c => PlanAssumptions.Parse(c, assume, [], out var message) is null ? message : null);
        if (loaded is null)
        {
            return exitCode;
        }

        var config = loaded.Config;
        var assumptions = PlanAssumptions.Parse(config, assume, [], out _)!;

        // The links' slots, remembered in the state directory like the daemon's (apply and run agree on marks).
        var (slots, slotError) = IdentityStore.Persistent(config.Daemon.StateDirectory).Assign(config);
        if (slots is null)
        {
            return Cli.Error(error, slotError!);
        }

        using var kernel = LinuxKernelIo.TryOpen(out var kernelError);
        if (kernel is null)
        {
            error.WriteLine($"multiwan: {kernelError}");
            return Cli.Failure;
        }

        var facts = await InterfaceFacts.ReadAsync(kernel, config, null, cancellationToken).ConfigureAwait(false);
        if (facts.Error is not null)
        {
            error.WriteLine($"multiwan: cannot read interfaces: {facts.Error}");
            return Cli.Failure;
        }

        KernelPlan plan;
        try
        {
            plan = KernelPlanner.Plan(config, assumptions.States, facts.Facts, slots);
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"multiwan: {path}: {e.Message}");
            return Cli.Failure;
        }

        if (await CollisionCheck.CheckAsync(kernel, config.Kernel, plan, cancellationToken).ConfigureAwait(false) is { } collision)
        {
            error.WriteLine($"multiwan: kernel resources already in use, nothing changed: {collision}");
            return Cli.Failure;
        }

        foreach (var placeholder in plan.Placeholders)
        {
            error.WriteLine($"warning: {placeholder} is unknown; its routes and rules are left as they are");
        }

        var applier = new KernelApplier(kernel, config.Kernel, NullLogger.Instance);
        var updater = new KernelUpdater(applier, new ConntrackCleaner(kernel, NullLogger.Instance), config);
        // Seen from "every link up": links assumed down lose their conntrack entries, as after a real failure.
        updater.Prime(config.Links.ToDictionary(l => l.Name, _ => LinkState.Online));
        var result = await updater.ApplyAsync(plan, assumptions.States, cancellationToken).ConfigureAwait(false);
        foreach (var change in result.Changes)
        {
            output.WriteLine($"[#] {change}");
        }

        if (!result.Succeeded)
        {
            error.WriteLine($"multiwan: apply failed: {result.Error}");
            return Cli.Failure;
        }

        return Cli.Ok;
    }
}
