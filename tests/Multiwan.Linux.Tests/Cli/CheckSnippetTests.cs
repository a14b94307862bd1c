using Multiwan.Lab;
using Multiwan.Support;

namespace Multiwan.Cli;

/// <summary><c>check</c> dry-runs the transaction of a config with nft snippets: a broken one is an error naming its file:line.</summary>
public sealed class CheckSnippetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [NamespaceFact]
    public async Task A_broken_snippet_fails_check_with_its_file_and_line_and_a_good_one_passes()
    {
        var nftd = _dir.Combine("nft.d");
        Directory.CreateDirectory(nftd);
        File.WriteAllText(Path.Combine(nftd, "10-web.nft"), "add rule ip multiwan_fw input_user tcp dport 80 accept\n");
        var config = _dir.Combine("multiwan.yaml");
        File.WriteAllText(config, $"""
            lan: [eth1]
            links:
              - name: cable
                interface: eth0
                targets: [192.0.2.1, 192.0.2.2]
            firewall:
              profile: restrictive
              nft_directory: {nftd}

            """);

        var good = await MultiwanCli.RunAsync("check", "--config", config);
        File.WriteAllText(Path.Combine(nftd, "20-typo.nft"), "# a typo on line 3\n\nadd rule ip multiwan_fw input_user tcp dprot 81 accept\n");
        var bad = await MultiwanCli.RunAsync("check", "--config", config);

        Assert.True(good.ExitCode == 0, good.Stderr);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith($"{nftd}/20-typo.nft:3: nft refused the snippet: Error: syntax error", bad.StderrLines[0], StringComparison.Ordinal);
        Assert.Equal($"multiwan: {config}: 1 error", bad.StderrLines[^1]);
    }
}
