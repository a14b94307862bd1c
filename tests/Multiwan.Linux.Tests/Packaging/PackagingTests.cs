using System.Diagnostics;
using Multiwan.Support;
using Multiwan.System;

namespace Multiwan.Packaging;

public sealed class PackagingTests
{
    private static readonly string Repository = FindRepository();

    private static string Unit => Path.Combine(Repository, "packaging", "multiwan.service");

    [Fact]
    public async Task Systemd_analyze_verify_accepts_the_unit_with_no_output_at_all()
    {
        Assert.True(File.Exists("/usr/bin/systemd-analyze") || File.Exists("/bin/systemd-analyze"), "systemd-analyze is needed (apt-get install systemd)");
        using var dir = new TempDirectory();

        // verify checks that ExecStart's binary exists: point the copy at a stub installed where the test can write.
        var stub = dir.Combine("multiwan");
        File.WriteAllText(stub, "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(stub, (UnixFileMode)0b111_101_101);
        var copy = dir.Combine("multiwan.service");
        File.WriteAllText(copy, File.ReadAllText(Unit).Replace("/usr/local/sbin/multiwan", stub, StringComparison.Ordinal));

        var (exit, output) = await RunAsync("systemd-analyze", new Dictionary<string, string>(), "verify", copy);

        Assert.Equal("", output);
        Assert.Equal(0, exit);
    }

    [Fact]
    public void The_unit_is_notify_with_a_watchdog_and_only_the_two_network_capabilities()
    {
        var lines = File.ReadAllLines(Unit);

        Assert.Contains("Type=notify", lines);
        Assert.Contains(lines, l => l.StartsWith("WatchdogSec=", StringComparison.Ordinal));
        Assert.Contains("CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_RAW", lines);
        Assert.Contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW", lines);
        Assert.Contains("ExecStart=/usr/local/sbin/multiwan run --config /etc/multiwan/multiwan.yaml", lines);
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", lines);
        foreach (var hardening in (string[])["ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes", "NoNewPrivileges=yes", "ReadWritePaths=/var/lib/multiwan /run/multiwan", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET"])
        {
            Assert.Contains(hardening, lines);
        }
    }

    [Fact]
    public async Task Install_script_stages_binary_wrapper_unit_config_and_hook_directories_and_keeps_an_existing_config()
    {
        using var stage = new TempDirectory();
        var env = new Dictionary<string, string> { ["DESTDIR"] = stage.Path, ["MULTIWAN_PUBLISHED"] = AppContext.BaseDirectory };

        var (exit, output) = await RunAsync("bash", env, Path.Combine(Repository, "packaging", "install.sh"));

        Assert.True(exit == 0, output);
        Assert.True(File.Exists(stage.Combine("usr/local/lib/multiwan/multiwan.dll")));
        var wrapper = File.ReadAllText(stage.Combine("usr/local/sbin/multiwan"));
        Assert.Matches(@"^#!/bin/sh\nexec /\S+/dotnet /usr/local/lib/multiwan/multiwan.dll ""\$@""\n$", wrapper);
        Assert.Equal("0755", FileStatus.Read(stage.Combine("usr/local/sbin/multiwan"), out _)!.Value.OctalMode);
        Assert.Equal(File.ReadAllText(Unit), File.ReadAllText(stage.Combine("etc/systemd/system/multiwan.service")));
        Assert.Equal(File.ReadAllText(Path.Combine(Repository, "examples", "balanced.yaml")), File.ReadAllText(stage.Combine("etc/multiwan/multiwan.yaml")));
        foreach (var hook in (string[])["up", "down", "long_down", "connecting", "disconnecting", "degraded"])
        {
            var status = FileStatus.Read(stage.Combine($"etc/multiwan/hooks/{hook}.d"), out _)!.Value;
            Assert.Equal(("0755", 0u), (status.OctalMode, status.Uid));
            Assert.Null(StrictModes.CheckOnlyRootWrites(stage.Combine($"etc/multiwan/hooks/{hook}.d"), "hook directory"));
        }

        File.WriteAllText(stage.Combine("etc/multiwan/multiwan.yaml"), "# mine\n");
        (exit, output) = await RunAsync("bash", env, Path.Combine(Repository, "packaging", "install.sh"));

        Assert.True(exit == 0, output);
        Assert.Equal("# mine\n", File.ReadAllText(stage.Combine("etc/multiwan/multiwan.yaml")));
    }

    private static async Task<(int Exit, string Output)> RunAsync(string file, IReadOnlyDictionary<string, string> env, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindRepository()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "multiwan.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("no multiwan.slnx above " + AppContext.BaseDirectory);
    }
}
