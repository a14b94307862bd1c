using System.Collections.Concurrent;
using System.Globalization;

namespace Multiwan.Lab;

/// <summary>
/// Knows which lab runs exist: each run writes <c>/run/multiwan-lab/PREFIX.pid</c> (pid and process start time)
/// before creating any namespace, and live runs are torn down on Ctrl-C and process exit. A run whose owner is
/// gone is a leftover and <see cref="CleanupLeftovers"/> deletes its namespaces.
/// </summary>
internal static class LabRegistry
{
    public const string NamePrefix = "mwlab-";
    public const string StateDirectory = "/run/multiwan-lab";

    private static readonly ConcurrentDictionary<string, LabTopology> Live = new();
    private static int _hooked;

    public static void Register(LabTopology lab)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0)
        {
            Console.CancelKeyPress += (_, _) => TearDownAll();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TearDownAll();
        }

        Directory.CreateDirectory(StateDirectory);
        File.WriteAllText(PidFile(lab.Prefix), $"{Environment.ProcessId} {StartTime(Environment.ProcessId)}\n");
        Live[lab.Prefix] = lab;
    }

    public static void Unregister(string prefix)
    {
        Live.TryRemove(prefix, out _);
        File.Delete(PidFile(prefix));
    }

    /// <summary>Deletes the namespaces (and pid files) of lab runs whose owning process is dead. Returns the namespaces deleted.</summary>
    public static IReadOnlyList<string> CleanupLeftovers()
    {
        var deleted = new List<string>();
        var names = Directory.Exists("/var/run/netns")
            ? Directory.GetFiles("/var/run/netns").Select(Path.GetFileName).OfType<string>().Where(n => n.StartsWith(NamePrefix, StringComparison.Ordinal))
            : [];
        foreach (var group in names.GroupBy(PrefixOf))
        {
            if (OwnerAlive(group.Key))
            {
                continue;
            }

            foreach (var name in group)
            {
                if (LabShell.DeleteNamespace(name))
                {
                    deleted.Add(name);
                }
            }

            File.Delete(PidFile(group.Key));
        }

        // Router resolv.conf directories (LabOptions.RouterNameservers) of dead runs, namespaces gone or not.
        if (Directory.Exists(LabResolvConf.EtcNetns))
        {
            foreach (var directory in Directory.GetDirectories(LabResolvConf.EtcNetns, NamePrefix + "*").Select(Path.GetFileName).OfType<string>())
            {
                if (!OwnerAlive(PrefixOf(directory)))
                {
                    LabResolvConf.Delete(directory);
                }
            }
        }

        // Pid files whose namespaces are already gone.
        if (Directory.Exists(StateDirectory))
        {
            foreach (var file in Directory.GetFiles(StateDirectory, NamePrefix + "*.pid"))
            {
                if (!OwnerAlive(Path.GetFileNameWithoutExtension(file)))
                {
                    File.Delete(file);
                }
            }
        }

        return deleted;
    }

    /// <summary><c>mwlab-1a2b3c-router</c> → <c>mwlab-1a2b3c</c>.</summary>
    public static string PrefixOf(string nameSpace)
    {
        var dash = nameSpace.IndexOf('-', NamePrefix.Length);
        return dash < 0 ? nameSpace : nameSpace[..dash];
    }

    public static string PidFile(string prefix) => Path.Combine(StateDirectory, prefix + ".pid");

    private static bool OwnerAlive(string prefix)
    {
        string[] fields;
        try
        {
            fields = File.ReadAllText(PidFile(prefix)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
        catch (IOException)
        {
            return false; // No pid file: the owner never finished registering or is gone.
        }

        return fields.Length == 2
            && int.TryParse(fields[0], CultureInfo.InvariantCulture, out var pid)
            && StartTime(pid) is { } start
            && start == fields[1];
    }

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks), so a reused pid is not mistaken for the owner.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return afterName.Length > 19 ? afterName[19] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static void TearDownAll()
    {
        foreach (var lab in Live.Values)
        {
            lab.TearDown();
        }
    }
}
