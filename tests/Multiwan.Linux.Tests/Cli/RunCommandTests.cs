using Multiwan.Daemon;
using Multiwan.Support;

namespace Multiwan.Cli;

/// <summary><c>multiwan run</c> refusals that need no network: a config anyone can write, a second instance.</summary>
public sealed class RunCommandTests
{
    private static string Config(TempDirectory dir) => EngineHarness.Yaml
        .Replace("HOOKS", dir.Combine("hooks"), StringComparison.Ordinal)
        .Replace("TIMEOUT", "2s", StringComparison.Ordinal)
        .Replace("DIR", dir.Path, StringComparison.Ordinal);

    [Fact]
    public async Task A_config_file_others_can_write_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("multiwan.yaml");
        File.WriteAllText(path, Config(dir));
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);

        var outcome = await MultiwanCli.RunAsync("run", "--config", path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal([$"multiwan: config file {path} is refused: writable by group and others (mode 0666); run chmod go-w {path}"], outcome.StderrLines.Where(l => !l.StartsWith("warning:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_second_daemon_is_refused_naming_the_first()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("multiwan.yaml");
        File.WriteAllText(path, Config(dir));
        using var held = InstanceLock.TryAcquire(dir.Combine("run", "multiwan.lock"), out _);
        Assert.NotNull(held);

        var outcome = await MultiwanCli.RunAsync("run", "--config", path);

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"multiwan: another multiwan daemon is running (pid {Environment.ProcessId}, lock {dir.Combine("run", "multiwan.lock")}); stop it first ('multiwan stop' or 'systemctl stop multiwan')", outcome.StderrLines);
    }
}
