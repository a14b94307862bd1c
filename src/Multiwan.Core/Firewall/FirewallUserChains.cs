using System.Text;
using Multiwan.Configuration;
using Multiwan.Kernel;

namespace Multiwan.Firewall;

/// <summary>
/// Where user snippets (<c>firewall.nft_directory</c>, translated balance/firewall lines) put their rules: chains of
/// <c>table ip multiwan_fw</c> declared empty whenever there are snippets. With the restrictive profile the input and
/// forward chains jump to <see cref="Input"/> and <see cref="Forward"/> just before their final drop (Net-ISP-Balance
/// appended the user's rules after its own, ahead of its drop policy); with the profile off those two are base chains
/// of their own. <see cref="Output"/>, <see cref="Dstnat"/> and <see cref="Srcnat"/> are always base chains.
/// </summary>
internal static class FirewallUserChains
{
    public const string Input = "input_user";
    public const string Forward = "forward_user";
    public const string Output = "output_user";
    public const string Dstnat = "dstnat_user";
    public const string Srcnat = "srcnat_user";

    public static IEnumerable<NftChain> Chains(FirewallConfig firewall)
    {
        if (firewall.Snippets.Count == 0)
        {
            yield break;
        }

        var restrictive = firewall.Profile == FirewallProfile.Restrictive;
        yield return new NftChain(Input, [], restrictive ? null : "type filter hook input priority filter");
        yield return new NftChain(Forward, [], restrictive ? null : "type filter hook forward priority filter");
        yield return new NftChain(Output, [], "type filter hook output priority filter");
        yield return new NftChain(Dstnat, [], "type nat hook prerouting priority dstnat");
        yield return new NftChain(Srcnat, [], "type nat hook postrouting priority srcnat");
    }

    /// <summary>The snippets' commands, each headed by the file and line it came from, applied after the table.</summary>
    public static string Script(IReadOnlyList<NftSnippetChunk> chunks)
    {
        var script = new StringBuilder();
        foreach (var chunk in chunks)
        {
            script.Append("# ").Append(chunk.File).Append(':').Append(chunk.Line).Append('\n').Append(chunk.Text).Append('\n');
        }

        return script.ToString();
    }
}
