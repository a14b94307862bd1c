using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.System;
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
            parsed.GetValue(config)!, parsed.GetValue(assume) ?? [], ProcessCommandRunner.Default, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        string path, IReadOnlyList<string> assume, ICommandRunner runner, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var loaded = ConfigLoader.Load(path);
        if (!loaded.IsValid)
        {
            CheckCommand.PrintDiagnostics(loaded, error);
            error.WriteLine($"multiwan: {path}: {CheckCommand.Plural(loaded.Errors.Count, "error")}; nothing applied");
            return Cli.Failure;
        }

        var config = loaded.Config!;
        var assumptions = PlanAssumptions.Parse(config, assume, [], out var message);
        if (assumptions is null)
        {
            error.WriteLine($"multiwan: {message}");
            return Cli.Usage;
        }

        var facts = await InterfaceFacts.ReadAsync(runner, config, null, cancellationToken).ConfigureAwait(false);
        if (facts.Error is not null)
        {
            error.WriteLine($"multiwan: cannot read interfaces: {facts.Error}");
            return Cli.Failure;
        }

        KernelPlan plan;
        try
        {
            plan = KernelPlanner.Plan(config, assumptions.States, facts.Facts);
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"multiwan: {path}: {e.Message}");
            return Cli.Failure;
        }

        if (await CollisionCheck.CheckAsync(runner, config.Kernel, plan, cancellationToken).ConfigureAwait(false) is { } collision)
        {
            error.WriteLine($"multiwan: kernel resources already in use, nothing changed: {collision}");
            return Cli.Failure;
        }

        foreach (var placeholder in plan.Placeholders)
        {
            error.WriteLine($"warning: {placeholder} is unknown; its routes and rules are left as they are");
        }

        var applier = new KernelApplier(runner, config.Kernel, NullLogger.Instance);
        var updater = new KernelUpdater(applier, new ConntrackCleaner(runner, NullLogger.Instance), config);
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
