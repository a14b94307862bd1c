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
}
