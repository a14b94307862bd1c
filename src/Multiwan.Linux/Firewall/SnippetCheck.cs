using Multiwan.Configuration;
using Multiwan.Kernel;
using Multiwan.Kernel.Nft;
using Multiwan.Tracking;

namespace Multiwan.Firewall;

/// <summary>
/// <c>check</c> and <c>reload</c> of a config with snippets: the transaction the daemon would send (every link online, no facts: the nft
/// script needs none) is handed to libnftables as a dry run, so a broken snippet is found before the daemon meets it,
/// named by its <c>file:line</c> (a reload is refused, the running config kept). Without the right to talk to nftables (not root) the check is skipped with a warning.
/// </summary>
internal static class SnippetCheck
{
    /// <returns>Null when there is nothing to check or the snippets are accepted; else the error, or a warning when the check could not run.</returns>
    public static (string? Error, string? Warning) Run(MultiwanConfig config)
    {
        if (!config.Firewall.Active || config.Firewall.Snippets.Count == 0)
        {
            return (null, null);
        }

        var plan = KernelPlanner.Plan(config, config.Links.ToDictionary(l => l.Name, _ => LinkState.Online), new Dictionary<string, LinkFacts>());
        using var nft = new NftContext();
        var outcome = nft.Run(plan.NftScript + plan.FirewallScript + plan.SnippetScript, NftMode.Check);
        if (outcome.Succeeded)
        {
            return (null, null);
        }

        if (outcome.ErrorText.Contains("Operation not permitted", StringComparison.Ordinal))
        {
            return (null, "the nft snippets were not checked: talking to nftables needs root");
        }

        return (SnippetFault.Describe(plan, outcome) ?? outcome.Describe("nft -c"), null);
    }
}
