using System.Globalization;
using System.Text.RegularExpressions;
using Multiwan.Support;

namespace Multiwan.Packaging;

public sealed partial class PackagingTests
{
    private static string Unit => Path.Combine(Tool.Repository, "packaging", "multiwan.service");

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
        File.WriteAllText(copy, File.ReadAllText(Unit).Replace("/usr/sbin/multiwan", stub, StringComparison.Ordinal));

        // verify also runs `man multiwan(8)` for Documentation=: the page as the package installs it, found by MANPATH.
        Directory.CreateDirectory(dir.Combine("man", "man8"));
        File.Copy(Path.Combine(Tool.Repository, "packaging", "multiwan.8"), dir.Combine("man", "man8", "multiwan.8"));

        var (exit, output) = await Tool.RunAsync("systemd-analyze", ["verify", copy], environment: new Dictionary<string, string> { ["MANPATH"] = dir.Combine("man") });

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
        Assert.Contains("ExecStart=/usr/sbin/multiwan run --config /etc/multiwan/multiwan.yaml", lines);
        Assert.Contains("ExecReload=/bin/kill -HUP $MAINPID", lines);
        foreach (var hardening in (string[])["ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "ProtectKernelModules=yes", "ProtectKernelLogs=yes", "ProtectControlGroups=yes", "NoNewPrivileges=yes", "ReadWritePaths=/var/lib/multiwan /run/multiwan", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK AF_PACKET", "MemoryDenyWriteExecute=yes", "SystemCallFilter=@system-service", "SystemCallFilter=~@privileged @resources", "SystemCallErrorNumber=EPERM"])
        {
            Assert.Contains(hardening, lines);
        }
    }

    [Fact]
    public async Task Systemd_analyze_security_rates_the_unit_at_most_2_5()
    {
        using var dir = new TempDirectory();
        var copy = dir.Combine("multiwan.service");
        File.Copy(Unit, copy);

        var (_, output) = await Tool.RunAsync("systemd-analyze", ["security", "--offline=true", copy]);

        var match = Exposure().Match(output);
        Assert.True(match.Success, output);
        Assert.InRange(double.Parse(match.Groups["level"].Value, CultureInfo.InvariantCulture), 0, 2.5);
    }

    [GeneratedRegex(@"Overall exposure level for multiwan\.service: (?<level>\d+\.\d)")]
    private static partial Regex Exposure();
}
