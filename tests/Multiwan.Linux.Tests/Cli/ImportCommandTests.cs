namespace Multiwan.Cli;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("multiwan-import-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task One_error_is_counted_in_the_singular()
    {
        var path = Path.Combine(_directory, "one-error.yaml");
        var text = await File.ReadAllTextAsync(Path.Combine(MultiwanCli.Examples(), "balanced.yaml"));
        await File.WriteAllTextAsync(path, text + "\nbogus_key: 1\n");

        var run = await MultiwanCli.RunAsync("import", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"multiwan: {path}: 1 error; nothing imported", run.StderrLines[^1]);
        Assert.Equal(2, run.StderrLines.Length);
    }

    [Fact]
    public async Task A_line_feed_in_the_path_stays_inside_the_yaml_comments()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, "x\nmode: failover\n")).FullName;
        var path = Path.Combine(directory, "balance.conf");
        await File.WriteAllTextAsync(path, "CABLE eth0 isp 192.0.2.1 1 default extra\nLAN eth1 lan\n"); // The extra column is a warning.

        var run = await MultiwanCli.RunAsync("import", path);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("# warning: ", StringComparison.Ordinal) && l.Contains("\\nmode: failover\\n", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => !l.StartsWith('#') && l.Contains("failover", StringComparison.Ordinal));
    }
}
