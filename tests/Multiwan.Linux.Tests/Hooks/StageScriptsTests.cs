using Multiwan.Configuration;
using Multiwan.Support;

namespace Multiwan.Hooks;

/// <summary>hooks.pre_run runs once, waited for; hooks.post_run once, on its own task; both under the hooks' rules.</summary>
public sealed class StageScriptsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly ListLogger _logger = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Pre_run_runs_once_in_name_order_and_post_run_once_after()
    {
        var outFile = _dir.Combine("out.txt");
        var pre = Script("pre-run", "20-b", $"echo pre-b \"$#\" $MULTIWAN_EVENT >> {outFile}");
        Script("pre-run", "10-a", $"echo pre-a >> {outFile}");
        var post = Script("post-run", "10-vpn", $"echo post $MULTIWAN_EVENT >> {outFile}");
        var hooks = new HooksConfig { Directory = _dir.Path, PreRun = Path.GetDirectoryName(pre), PostRun = Path.GetDirectoryName(post) };
        using var stages = new StageScripts(_logger, TimeProvider.System);

        await stages.PreRunAsync(hooks, CancellationToken.None);
        Assert.Equal(["pre-a", "pre-b 0 pre-run"], File.ReadAllLines(outFile));
        await stages.PreRunAsync(hooks, CancellationToken.None);
        stages.StartPostRun(hooks);
        stages.StartPostRun(hooks);
        await stages.PostRun.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["pre-a", "pre-b 0 pre-run", "post post-run"], File.ReadAllLines(outFile));
    }

    [Fact]
    public async Task A_pre_run_directory_anyone_can_write_runs_nothing()
    {
        var outFile = _dir.Combine("out.txt");
        var pre = Script("pre-run", "10-a", $"echo pre >> {outFile}");
        File.SetUnixFileMode(Path.GetDirectoryName(pre)!, HookFiles.Mode755 | UnixFileMode.OtherWrite);
        using var stages = new StageScripts(_logger, TimeProvider.System);

        await stages.PreRunAsync(new HooksConfig { PreRun = Path.GetDirectoryName(pre) }, CancellationToken.None);

        Assert.False(File.Exists(outFile));
        Assert.Contains(_logger.Lines, l => l.Contains("hook refused", StringComparison.Ordinal));
    }

    private string Script(string directory, string name, string body) => HookFiles.Script(_dir.Combine(directory), name, body);
}
