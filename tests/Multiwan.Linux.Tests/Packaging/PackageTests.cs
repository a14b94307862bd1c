using System.Text.RegularExpressions;
using Multiwan.Support;
using Multiwan.System;

namespace Multiwan.Packaging;

/// <summary>
/// The built packages themselves: the amd64 one installed with apt on this machine, used (version, check, unit
/// verification, completion, the namespace demo with the installed binary) and purged without a trace; the arm64
/// binary under qemu-aarch64-static; both clean under lintian.
/// </summary>
public sealed partial class PackageTests
{
    private const string Bin = "/usr/sbin/multiwan";

    [PackageFact(PackageFactAttribute.Amd64)]
    public async Task The_amd64_package_installs_works_runs_the_demo_and_purges_without_a_trace()
    {
        var deb = PackageFactAttribute.Deb(PackageFactAttribute.Amd64);
        Assert.NotEqual(0, (await Tool.RunAsync("dpkg-query", ["-W", "multiwan"])).Exit); // never replace an operator's install
        var (_, listing) = await Tool.RunAsync("dpkg-deb", ["--fsys-tarfile", deb]);
        var (_, contents) = await Tool.RunAsync("dpkg-deb", ["-c", deb]);
        var files = ContentLine().Matches(contents).Select(m => m.Groups["path"].Value).ToList();
        Assert.NotEmpty(listing);
        try
        {
            var install = await Tool.RunAsync("apt-get", ["install", "-y", "-q", "--no-install-recommends", deb], TimeSpan.FromMinutes(3));
            Assert.True(install.Exit == 0, install.Output);

            foreach (var path in (string[])[Bin, "/lib/systemd/system/multiwan.service", "/etc/multiwan/multiwan.yaml", "/usr/share/man/man8/multiwan.8.gz", "/usr/share/bash-completion/completions/multiwan", "/usr/share/doc/multiwan/copyright"])
            {
                Assert.True(File.Exists(path), path);
            }

            foreach (var hook in (string[])["up", "down", "long_down", "connecting", "disconnecting", "degraded"])
            {
                Assert.Equal("0755", FileStatus.Read($"/etc/multiwan/hooks/{hook}.d", out _)!.Value.OctalMode);
            }

            Assert.True(Directory.Exists("/var/lib/multiwan"));
            Assert.Contains("/etc/multiwan/multiwan.yaml", (await Tool.RunAsync("dpkg-query", ["-W", "-f=${Conffiles}", "multiwan"])).Output, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles("/etc/systemd/system", "multiwan.service", SearchOption.AllDirectories)); // not enabled

            var version = await Tool.RunAsync(Bin, ["--version"]);
            Assert.Equal(0, version.Exit);
            Assert.StartsWith((await Tool.RunAsync("dpkg-query", ["-W", "-f=${Version}", "multiwan"])).Output + "+", version.Output, StringComparison.Ordinal);

            var check = await Tool.RunAsync(Bin, ["check"]);
            Assert.True(check.Exit == 0, check.Output);
            Assert.StartsWith("/etc/multiwan/multiwan.yaml: ok: 2 links", check.Output, StringComparison.Ordinal);

            var verify = await Tool.RunAsync("systemd-analyze", ["verify", "/lib/systemd/system/multiwan.service"]);
            Assert.Equal((0, ""), verify);

            var completion = await Tool.RunAsync("bash", ["-c", "source /usr/share/bash-completion/completions/multiwan; COMP_WORDS=(multiwan ch); COMP_CWORD=1; COMP_LINE='multiwan ch'; COMP_POINT=11; _multiwan; echo \"${COMPREPLY[*]}\""]);
            Assert.Equal((0, "check\n"), completion);

            var demo = await Tool.RunAsync(Bin, ["demo"], TimeSpan.FromMinutes(3));
            Assert.True(demo.Exit == 0, demo.Output);
            Assert.Contains("new connections are balanced over both ISPs again", demo.Output, StringComparison.Ordinal);

            // What a running daemon leaves behind (its journal) goes with the purge too.
            File.WriteAllText("/var/lib/multiwan/events.jsonl", "{}\n");
        }
        finally
        {
            var purge = await Tool.RunAsync("apt-get", ["purge", "-y", "-q", "multiwan"], TimeSpan.FromMinutes(3));
            Assert.True(purge.Exit == 0, purge.Output);
        }

        Assert.NotEqual(0, (await Tool.RunAsync("dpkg-query", ["-W", "multiwan"])).Exit);
        Assert.DoesNotContain(files, f => f.Contains("multiwan", StringComparison.Ordinal) && (File.Exists(f) || Directory.Exists(f)));
        Assert.False(Directory.Exists("/etc/multiwan") || Directory.Exists("/var/lib/multiwan") || Directory.Exists("/run/multiwan"));
    }

    [PackageFact(PackageFactAttribute.Arm64)]
    public async Task The_arm64_binary_runs_version_check_and_plan_under_qemu()
    {
        var deb = PackageFactAttribute.Deb(PackageFactAttribute.Arm64);
        using var root = new TempDirectory();
        Assert.Equal(0, (await Tool.RunAsync("dpkg-deb", ["-x", deb, root.Path])).Exit);
        var binary = root.Combine("usr", "sbin", "multiwan");
        var header = File.ReadAllBytes(binary)[..20];
        Assert.Equal((byte)0xB7, header[18]); // ELF e_machine EM_AARCH64
        var config = root.Combine("etc", "multiwan", "multiwan.yaml");
        var qemu = new Dictionary<string, string> { ["QEMU_LD_PREFIX"] = "/usr/aarch64-linux-gnu" };

        var version = await Tool.RunAsync("qemu-aarch64-static", [binary, "--version"], environment: qemu);
        var check = await Tool.RunAsync("qemu-aarch64-static", [binary, "check", "--config", config], environment: qemu);
        var plan = await Tool.RunAsync("qemu-aarch64-static", [binary, "plan", "--config", config, "--assume", "cable=down"], environment: qemu);

        Assert.True(version.Exit == 0, version.Output);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]+\n$", version.Output);
        Assert.True(check.Exit == 0, check.Output);
        Assert.EndsWith(": ok: 2 links (cable 2, dsl 1), 1 LAN, 0 rules, mode balanced\n", check.Output, StringComparison.Ordinal);
        Assert.True(plan.Exit == 0, plan.Output);
        Assert.Contains("table inet multiwan", plan.Output, StringComparison.Ordinal);
        Assert.Matches(@"# cable +eth0 +offline", plan.Output);
    }

    [PackageFact(PackageFactAttribute.Amd64)]
    public async Task Lintian_reports_no_error_or_warning_for_either_package()
    {
        var debs = new List<string> { PackageFactAttribute.Deb(PackageFactAttribute.Amd64) };
        if (Environment.GetEnvironmentVariable(PackageFactAttribute.Arm64) is { Length: > 0 })
        {
            debs.Add(PackageFactAttribute.Deb(PackageFactAttribute.Arm64));
        }

        var (exit, output) = await Tool.RunAsync("lintian", ["--fail-on", "error,warning", .. debs], TimeSpan.FromMinutes(5));

        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("E:", StringComparison.Ordinal) || l.StartsWith("W:", StringComparison.Ordinal));
        Assert.True(exit == 0, output);
    }

    // dpkg-deb -c: "drwxr-xr-x root/root 0 2026-12-01 08:17 ./etc/multiwan/" -> /etc/multiwan/
    [GeneratedRegex(@"^\S+ \S+ +\d+ \S+ \S+ \.(?<path>/\S*)$", RegexOptions.Multiline)]
    private static partial Regex ContentLine();
}
