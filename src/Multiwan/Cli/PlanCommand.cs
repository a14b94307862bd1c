using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Multiwan.Configuration;
using Multiwan.Identities;
using Multiwan.Kernel;
using Multiwan.Policy;
using Multiwan.Tracking;

namespace Multiwan.Cli;

/// <summary>
/// <c>multiwan plan [--config F] [--assume LINK=STATE ...] [--fact LINK.KEY=VALUE ...] [--json]</c>: print the exact
/// nft script and ip lines for the config and assumed link states. Touches nothing: the links' slots (marks,
/// tables, rule priorities) come from the state directory's <c>identities.json</c>, read only, when it is there
/// (so the plan shows what the daemon has), else by position, which is what a first start allocates.
/// </summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var config = Cli.ConfigOption();
        var assume = Cli.AssumeOption();
        var fact = new Option<string[]>("--fact")
        {
            HelpName = "LINK.KEY=VALUE",
            Description = "Give an interface fact instead of a placeholder: LINK.address=A.B.C.D/N or LINK.gateway=A.B.C.D|none",
            AllowMultipleArgumentsPerToken = true,
        };
        var json = Cli.JsonOption();
        var stateDirectory = new Option<string?>("--state-directory")
        {
            Description = "Read the links' marks and tables from identities.json here (default: daemon.state_directory of the config; read only)",
        };
        var command = new Command("plan", "Print the nft ruleset and ip commands a config and assumed link states produce (touches nothing)")
        {
            config, assume, fact, json, stateDirectory,
        };
        command.SetAction(parsed => Run(
            new PlanRequest(parsed.GetValue(config)!, parsed.GetValue(assume) ?? [], parsed.GetValue(fact) ?? [], parsed.GetValue(json), parsed.GetValue(stateDirectory)),
            Cli.Output(parsed),
            Cli.Errors(parsed)));
        return command;
    }

    public static int Run(PlanRequest request, TextWriter output, TextWriter error)
    {
        var path = request.ConfigPath;
        var loaded = ConfigInput.Load(path, error, "nothing planned", out var exitCode, c => PlanAssumptions.Parse(c, request.Assume, request.Facts, out var message) is null ? message : null);
        if (loaded is null)
        {
            return exitCode;
        }

        var config = loaded.Config;
        var assumptions = PlanAssumptions.Parse(config, request.Assume, request.Facts, out _)!;
        var (slots, slotError) = IdentityStore.ReadOnly(request.StateDirectory ?? config.Daemon.StateDirectory).Assign(config);
        if (slots is null)
        {
            return Cli.Error(error, slotError!);
        }

        KernelPlan plan;
        try
        {
            plan = KernelPlanner.Plan(config, assumptions.States, assumptions.Facts, slots, states6: assumptions.States6);
        }
        catch (InvalidOperationException e)
        {
            // The validator should have refused this config; say what the planner could not do.
            error.WriteLine($"multiwan: {path}: {e.Message}");
            return Cli.Failure;
        }

        var ipLines = IpBatchRenderer.Render(plan, config.Kernel.Protocol);
        var ip6Lines = IpBatchRenderer.Render6(plan, config.Kernel.Protocol);
        var json = request.Json;
        if (json)
        {
            var document = ToJson(path, config, assumptions.States, plan, ipLines);
            if (plan.Links6.Count > 0)
            {
                document = document with
                {
                    Links6 = [.. plan.Links6.Select(l => new PlanLinkJson(l.Name, l.Device, Lower(assumptions.States6[l.Name]), l.Mark, l.Table, l.Carrying, l.EffectiveWeight, Math.Round(l.Share, 4)))],
                    Policies6 = [.. plan.Policies6.Select(PolicyJson)],
                    Ip6 = ip6Lines,
                };
            }

            output.WriteLine(JsonSerializer.Serialize(document, PlanJsonContext.Readable.PlanJson));
        }
        else
        {
            PlanText.Write(output, path, config, assumptions, plan, ipLines, ip6Lines);
        }

        return Cli.Ok;
    }

    internal static PlanJson ToJson(string path, MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, KernelPlan plan, IReadOnlyList<string> ipLines) => new(
        path,
        Lower(config.Mode),
        [.. plan.Links.Select(l => new PlanLinkJson(l.Name, l.Device, StateOf(config, states, l.Name), l.Mark, l.Table, l.Carrying, l.EffectiveWeight, Math.Round(l.Share, 4)))],
        [.. plan.Policies.Select(PolicyJson)],
        plan.LastResortActive,
        plan.Placeholders,
        plan.NftScript + plan.FirewallScript + plan.SnippetScript,
        ipLines);

    private static PlanPolicyJson PolicyJson(PolicyOutcome p) => new(
        p.Name,
        Lower(p.Mode),
        [.. p.Links.Select(w => new PlanPolicyLinkJson(w.Name, w.Weight, Math.Round(p.ShareOf(w.Name), 4)))],
        p.LastResortInForce is { } lastResort ? Lower(lastResort) : null);

    /// <summary>A link's IPv4 state as plan shows it: <c>ipv6_only</c> for an IPv6-only link (<c>ipv4: false</c>), which has none.</summary>
    internal static string StateOf(MultiwanConfig config, IReadOnlyDictionary<string, LinkState> states, string link) =>
        config.Links.FirstOrDefault(l => l.Name == link) is { Ipv4: false } ? "ipv6_only" : Lower(states[link]);

    internal static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    internal static string Percent(double share) => (share * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
