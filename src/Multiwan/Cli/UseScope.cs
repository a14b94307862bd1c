using System.Globalization;
using Multiwan.Kernel;
using Multiwan.System;

namespace Multiwan.Cli;

/// <summary>
/// What <c>multiwan use</c> sets up for one command and removes after it: a cgroup v2 directory
/// (<c>multiwan-use-PID</c> at the top of the hierarchy) and an nft table <c>inet multiwan_use_PID</c> whose output
/// chain (route hook, one priority before multiwan's own) gives every packet of a socket created in that cgroup the
/// link's mark, in the packet and in conntrack. The link's <c>ip rule fwmark</c> then routes it by the link's table;
/// multiwan's output chain leaves marked packets alone. Marks belong to sockets, not processes, so the cgroup is what
/// ties them to the command and everything it starts.
/// </summary>
internal sealed class UseScope(string root, string nftRoot, string name, ICommandRunner runner, TextWriter log)
{
    private const string CgroupFs = "/sys/fs/cgroup";

    public string Directory => Path.Combine(root, name);

    public string Table => "inet " + name.Replace('-', '_');

    /// <summary>The scope for this process, or the reason cgroup v2 cannot be used here.</summary>
    public static (UseScope? Scope, string? Error) ForThisProcess(ICommandRunner runner, TextWriter log)
    {
        // Fields of /proc/self/mountinfo: ... mount-point (5th) ... " - " fstype source options.
        var root = File.ReadLines("/proc/self/mountinfo")
            .Select(line => (fields: line.Split(' '), type: line[(line.IndexOf(" - ", StringComparison.Ordinal) + 3)..].Split(' ')[0]))
            .Where(m => m.type == "cgroup2")
            .Select(m => m.fields[4])
            .FirstOrDefault();
        if (root is null)
        {
            return (null, "cgroup v2 is not mounted (needed to tie the command's sockets to the link)");
        }

        if (root != CgroupFs && !root.StartsWith(CgroupFs + "/", StringComparison.Ordinal))
        {
            return (null, $"cgroup v2 is mounted on {root}, not under {CgroupFs}, where nft looks cgroups up");
        }

        var nftRoot = root == CgroupFs ? "" : root[(CgroupFs.Length + 1)..] + "/";
        return (new UseScope(root, nftRoot, $"multiwan-use-{Environment.ProcessId}", runner, log), null);
    }

    /// <summary>The nft script: the chain that marks the cgroup's sockets with <paramref name="mark"/> (within <paramref name="mask"/>).</summary>
    public string Script(uint mark, uint mask) =>
        $"add table {Table}\n" +
        $"table {Table} {{\n" +
        "\tchain output {\n" +
        "\t\ttype route hook output priority mangle - 1; policy accept;\n" +
        $"\t\tsocket cgroupv2 level 1 \"{nftRoot}{name}\" {NftSyntax.SetMasked("meta mark", mark, mask)} {NftSyntax.SetMasked("ct mark", mark, mask)}\n" +
        "\t}\n" +
        "}\n";

    public async Task<string?> CreateAsync(uint mark, uint mask, CancellationToken cancellationToken)
    {
        log.WriteLine($"[#] mkdir {Directory}");
        global::System.IO.Directory.CreateDirectory(Directory);
        var script = Script(mark, mask);
        log.WriteLine($"[#] nft -f - <<< '{script.Replace("\n", " ", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal)}'");
        var result = await runner.RunAsync(["nft", "-f", "-"], script, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? null : result.Describe();
    }

    /// <summary>Moves <paramref name="pid"/> into the scope, or back where it came from.</summary>
    public void Enter(int pid) => File.WriteAllText(Path.Combine(Directory, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    public static void Leave(int pid, string originalDirectory) =>
        File.WriteAllText(Path.Combine(originalDirectory, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));

    /// <summary>This process's cgroup v2 directory (<c>0::/path</c> in /proc/self/cgroup).</summary>
    public string CurrentDirectory()
    {
        var line = File.ReadLines("/proc/self/cgroup").First(l => l.StartsWith("0::", StringComparison.Ordinal));
        return Path.Combine(root, line[3..].TrimStart('/'));
    }

    /// <summary>
    /// Removes what an earlier <c>use</c> killed with SIGKILL left behind: a <c>multiwan-use-PID</c> cgroup whose PID
    /// is gone and which holds no process any more, and its table in this network namespace. A scope whose command
    /// still runs (its cgroup is not empty) is kept, with its table.
    /// </summary>
    public async Task SweepStaleAsync()
    {
        foreach (var directory in global::System.IO.Directory.EnumerateDirectories(root, "multiwan-use-*"))
        {
            var suffix = Path.GetFileName(directory)["multiwan-use-".Length..];
            if (!int.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId
                || global::System.IO.Directory.Exists($"/proc/{pid}") || !IsEmpty(directory))
            {
                continue;
            }

            var stale = new UseScope(root, nftRoot, Path.GetFileName(directory), runner, log);
            log.WriteLine($"use: removing what an earlier 'use' (pid {pid}, gone) left behind");
            var table = await runner.RunAsync(["nft", "list", "table", .. stale.Table.Split(' ')], null, CancellationToken.None).ConfigureAwait(false);
            if (table.Succeeded)
            {
                await runner.RunAsync(["nft", "delete", "table", .. stale.Table.Split(' ')], null, CancellationToken.None).ConfigureAwait(false);
            }

            try
            {
                global::System.IO.Directory.Delete(directory);
            }
            catch (IOException)
            {
                // Filled again between the check and the removal: it is in use, leave it.
            }
        }
    }

    private static bool IsEmpty(string cgroup)
    {
        var procs = Path.Combine(cgroup, "cgroup.procs");
        return !File.Exists(procs) || string.IsNullOrWhiteSpace(File.ReadAllText(procs));
    }

    /// <summary>Deletes the table and the cgroup; returns what could not be removed (a process the command left running keeps the cgroup).</summary>
    public async Task<string?> RemoveAsync()
    {
        log.WriteLine($"[#] nft delete table {Table}");
        var result = await runner.RunAsync(["nft", "delete", "table", .. Table.Split(' ')], null, CancellationToken.None).ConfigureAwait(false);
        try
        {
            log.WriteLine($"[#] rmdir {Directory}");
            global::System.IO.Directory.Delete(Directory);
        }
        catch (IOException e)
        {
            return $"cgroup {Directory} not removed (a process the command started still runs?): {e.Message}";
        }

        return result.Succeeded ? null : result.Describe();
    }
}
