namespace Multiwan.Cli;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("multiwan-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_valid_config_exits_0_with_one_summary_line()
    {
        var path = Path.Combine(MultiwanCli.Examples(), "balanced.yaml");

        var run = await MultiwanCli.RunAsync("check", "--config", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"{path}: ok: 2 links (cable 2, dsl 1), 1 LAN, 0 rules, mode balanced"], run.StdoutLines);
        Assert.Equal("", run.Stderr);
    }

    [Fact]
    public async Task A_balance_conf_is_checked_as_is_and_its_warnings_go_to_stderr()
    {
        var path = Path.Combine(MultiwanCli.Examples(), "balance.conf");

        var run = await MultiwanCli.RunAsync("check", "-c", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([$"{path}: ok: 2 links (CABLE 2, DSL 1), 1 LAN, 0 rules, mode balanced, firewall restrictive (0 forwards, 0 snippet files), 2 warnings"], run.StdoutLines);
        Assert.All(run.StderrLines, line => Assert.StartsWith($"warning: {path}:", line, StringComparison.Ordinal));
        Assert.Equal(2, run.StderrLines.Length);
    }

    [Fact]
    public async Task Five_mistakes_exit_1_with_one_line_each()
    {
        var path = Path.Combine(_directory, "broken.yaml");
        await File.WriteAllTextAsync(path, """
            links:
              - name: Cable!
                interface: eth0
                weight: 0
                targets: [192.0.2.1, 192.0.2.300]
            health:
              down_after: soon
            rules:
              - name: r
                use: nowhere
            """);

        var run = await MultiwanCli.RunAsync("check", "--config", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Stdout);
        Assert.Equal(
            [
                $"{path}:2: links[0].name: must be 1-15 characters of A-Z, a-z, 0-9, _ and - (got Cable!)",
                $"{path}:4: links[0].weight: must be between 1 and 1000 (got 0)",
                $"{path}:5: links[0].targets[1].address: must be an IPv4 address (got 192.0.2.300)",
                $"{path}:7: health.down_after: expected an integer (got soon)",
                $"{path}:10: rules[0].use: unknown link or policy; known: Cable!, default (got nowhere)",
                $"multiwan: {path}: 5 errors",
            ],
            run.StderrLines);
    }

    [Fact]
    public async Task A_missing_file_exits_1_with_one_line()
    {
        var path = Path.Combine(_directory, "absent.yaml");

        var run = await MultiwanCli.RunAsync("check", "--config", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{path}:0: file: cannot read (got no such file)", run.StderrLines[0]);
    }

    [Theory]
    [InlineData("check", "--bogus")]
    [InlineData("check", "extra-argument")]
    [InlineData("check", "--config")]
    [InlineData("import")]
    public async Task Usage_errors_exit_2_with_one_line(params string[] arguments)
    {
        // A real process: the exit code and stderr as a shell sees them.
        var run = await MultiwanCli.RunProcessAsync(arguments);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.StartsWith("multiwan: ", line, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
    }

    [Fact]
    public async Task Import_prints_yaml_that_check_accepts()
    {
        var run = await MultiwanCli.RunAsync("import", Path.Combine(MultiwanCli.Examples(), "balance.conf"));
        Assert.Equal(0, run.ExitCode);
        var path = Path.Combine(_directory, "imported.yaml");
        await File.WriteAllTextAsync(path, run.Stdout);

        var check = await MultiwanCli.RunAsync("check", "--config", path);

        Assert.Equal(0, check.ExitCode);
        Assert.Equal([$"{path}: ok: 2 links (CABLE 2, DSL 1), 1 LAN, 0 rules, mode balanced, firewall restrictive (0 forwards, 0 snippet files), 2 warnings"], check.StdoutLines);
    }
}
